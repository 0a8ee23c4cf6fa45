// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/testing/host_config.h"

#include <nlohmann/json.hpp>

#include "config/json_schema.h"

namespace stackprobe::testing {

std::string HostConfig(const std::string& schema_json,
                       const std::string& partial_json) {
  const auto schema = nlohmann::json::parse(schema_json, nullptr, false);
  if (schema.is_discarded()) {
    throw std::invalid_argument("schema: not JSON");
  }
  auto config = nlohmann::json::parse(
      partial_json.empty() ? std::string("{}") : partial_json, nullptr, false);
  if (config.is_discarded()) {
    throw std::invalid_argument("config: not JSON: " + partial_json);
  }
  if (auto error = config::ValidateAndFillDefaults(schema, config, "")) {
    throw SchemaViolation(*error);
  }
  return config.dump();
}

}  // namespace stackprobe::testing
