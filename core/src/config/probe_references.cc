// SPDX-License-Identifier: Apache-2.0
#include "config/probe_references.h"

#include <algorithm>

#include "config/schema_annotations.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

void Collect(const json& schema, const json& value,
             std::vector<std::string>& names) {
  if (!schema.is_object()) return;
  if (const auto format = schema.find("format"); format != schema.end() &&
                                                 *format == kProbeNameFormat &&
                                                 value.is_string()) {
    const auto& name = value.get_ref<const std::string&>();
    if (!name.empty() &&
        std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
    return;
  }
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (const json* member_schema = MemberSchema(schema, key)) {
        Collect(*member_schema, member, names);
      }
    }
  } else if (value.is_array()) {
    if (const auto items = schema.find("items"); items != schema.end()) {
      for (const auto& item : value) Collect(*items, item, names);
    }
  }
}

}  // namespace

std::vector<std::string> ProbeReferences(const json& schema,
                                         const json& config) {
  std::vector<std::string> names;
  Collect(schema, config, names);
  return names;
}

}  // namespace stackprobe::config
