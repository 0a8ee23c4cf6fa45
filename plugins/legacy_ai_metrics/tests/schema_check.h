// SPDX-License-Identifier: Apache-2.0
//
// A tiny JSON Schema checker for the tests: the keywords the legacy
// schema uses (type, properties, required, additionalProperties false,
// enum, const, minimum, maximum, minLength, pattern).
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_SCHEMA_CHECK_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_SCHEMA_CHECK_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackprobe::legacy::testing {

/// Every violation of `schema` by `value`, as "json/pointer: what"; empty
/// when valid. Unknown keywords are ignored except those listed above.
std::vector<std::string> CheckSchema(const nlohmann::json& schema,
                                     const nlohmann::ordered_json& value,
                                     const std::string& where = "");

}  // namespace stackprobe::legacy::testing

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_SCHEMA_CHECK_H_
