// SPDX-License-Identifier: Apache-2.0
#include "config/schema_annotations.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

bool HasFormat(const json& schema, const char* format) {
  if (!schema.is_object()) return false;
  const auto found = schema.find("format");
  return found != schema.end() && *found == format;
}

}  // namespace

const json* MemberSchema(const json& schema, const std::string& key) {
  if (!schema.is_object()) return nullptr;
  if (const auto properties = schema.find("properties");
      properties != schema.end() && properties->is_object()) {
    if (const auto member = properties->find(key);
        member != properties->end()) {
      return &*member;
    }
  }
  if (const auto additional = schema.find("additionalProperties");
      additional != schema.end() && additional->is_object()) {
    return &*additional;
  }
  return nullptr;
}

std::vector<std::string> TargetUrlKeys(const json& schema) {
  std::vector<std::string> keys;
  if (!schema.is_object()) return keys;
  const auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) return keys;
  for (const auto& [key, member] : properties->items()) {
    if (HasFormat(member, kTargetUrlFormat)) keys.push_back(key);
  }
  return keys;
}

void RemoveSecrets(const json& schema, json& config) {
  if (!schema.is_object()) return;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end();) {
      const json* member_schema = MemberSchema(schema, it.key());
      if (member_schema != nullptr &&
          HasFormat(*member_schema, kSecretFormat)) {
        it = config.erase(it);
        continue;
      }
      if (member_schema != nullptr) RemoveSecrets(*member_schema, it.value());
      ++it;
    }
  } else if (config.is_array()) {
    if (const auto items = schema.find("items"); items != schema.end()) {
      for (auto& item : config) RemoveSecrets(*items, item);
    }
  }
}

}  // namespace stackprobe::config
