// SPDX-License-Identifier: Apache-2.0
#include "schema_check.h"

#include <regex>

namespace stackprobe::legacy::testing {
namespace {

bool HasType(const nlohmann::ordered_json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

}  // namespace

std::vector<std::string> CheckSchema(const nlohmann::json& schema,
                                     const nlohmann::ordered_json& value,
                                     const std::string& where) {
  std::vector<std::string> problems;
  const std::string at = where.empty() ? "/" : where;
  if (value.is_null()) problems.push_back(at + ": null");
  if (schema.contains("type") &&
      !HasType(value, schema["type"].get<std::string>())) {
    problems.push_back(at + ": expected " + schema["type"].get<std::string>() +
                       ", got " + value.dump());
    return problems;
  }
  if (schema.contains("const") &&
      nlohmann::ordered_json::parse(schema["const"].dump()) != value) {
    problems.push_back(at + ": expected " + schema["const"].dump());
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& option : schema["enum"]) {
      found = found || nlohmann::ordered_json::parse(option.dump()) == value;
    }
    if (!found) problems.push_back(at + ": not in enum: " + value.dump());
  }
  if (value.is_number()) {
    if (schema.contains("minimum") &&
        value.get<double>() < schema["minimum"].get<double>()) {
      problems.push_back(at + ": below minimum");
    }
    if (schema.contains("maximum") &&
        value.get<double>() > schema["maximum"].get<double>()) {
      problems.push_back(at + ": above maximum");
    }
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (schema.contains("minLength") &&
        text.size() < schema["minLength"].get<std::size_t>()) {
      problems.push_back(at + ": shorter than minLength");
    }
    if (schema.contains("pattern") &&
        !std::regex_search(text,
                           std::regex(schema["pattern"].get<std::string>()))) {
      problems.push_back(at + ": does not match pattern: " + text);
    }
  }
  if (value.is_object()) {
    const nlohmann::json properties =
        schema.value("properties", nlohmann::json::object());
    for (const auto& key : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(key.get<std::string>())) {
        problems.push_back(at + ": missing " + key.get<std::string>());
      }
    }
    for (const auto& [key, member] : value.items()) {
      const std::string path = where + "/" + key;
      if (properties.contains(key)) {
        for (auto& problem : CheckSchema(properties[key], member, path)) {
          problems.push_back(std::move(problem));
        }
      } else if (schema.contains("additionalProperties") &&
                 schema["additionalProperties"] == false) {
        problems.push_back(path + ": not allowed");
      } else {
        // Open objects (health_check) must still hold no nulls.
        for (auto& problem :
             CheckSchema(nlohmann::json::object(), member, path)) {
          problems.push_back(std::move(problem));
        }
      }
    }
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      for (auto& problem :
           CheckSchema(schema.value("items", nlohmann::json::object()),
                       value[i], where + "/" + std::to_string(i))) {
        problems.push_back(std::move(problem));
      }
    }
  }
  return problems;
}

}  // namespace stackprobe::legacy::testing
