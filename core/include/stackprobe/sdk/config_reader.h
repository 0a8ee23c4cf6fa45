// SPDX-License-Identifier: Apache-2.0
//
// Reading a plugin's config (the `config_json` handed to create). The host
// has validated it against the plugin's schema and written every default in
// before create is called, so a plugin reads values and does not restate its
// schema's defaults or checks in C++. What the schema cannot say (a file
// that must exist, a relation between two keys) is checked in the plugin
// and reported through Error(), which names the key the way the host's own
// messages do: `expected_collections[2]: expected a string, got 5`.
//
// Header-only, on nlohmann/json (the CMake package finds it for plugin
// authors). Not thread-safe; read the config once, in the constructor.
#ifndef STACKPROBE_SDK_CONFIG_READER_H_
#define STACKPROBE_SDK_CONFIG_READER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stackprobe/sdk/duration.h"

namespace stackprobe::sdk {

/// A config object, or a part of one, with typed accessors. Every accessor
/// throws std::invalid_argument naming the key's path when the key is
/// missing or of another type: a schema without a default for it, or a
/// plugin reading a key its schema does not declare.
class ConfigReader {
 public:
  /// Parses `config_json`, which must be a JSON object.
  explicit ConfigReader(const std::string& config_json)
      : ConfigReader(Parse(config_json), "") {}

  /// The object at `key` (a nested object of the config).
  ConfigReader Object(std::string_view key) const {
    const nlohmann::json& value = Get(key, "an object");
    if (!value.is_object()) throw Mismatch(key, "an object", value);
    return ConfigReader(value, PathOf(key));
  }

  /// Whether `key` is present (the schema has no default for it and the
  /// user did not write it).
  bool Has(std::string_view key) const {
    return object_.contains(std::string(key));
  }

  std::string String(std::string_view key) const {
    return As<std::string>(key, "a string", &nlohmann::json::is_string);
  }

  bool Boolean(std::string_view key) const {
    return As<bool>(key, "true or false", &nlohmann::json::is_boolean);
  }

  std::int64_t Integer(std::string_view key) const {
    const nlohmann::json& value = Get(key, "an integer");
    if (!value.is_number_integer()) throw Mismatch(key, "an integer", value);
    return value.get<std::int64_t>();
  }

  double Number(std::string_view key) const {
    return As<double>(key, "a number", &nlohmann::json::is_number);
  }

  /// A duration as configs write it ("1m30s", "250ms", or a number of
  /// seconds): see duration.h.
  std::chrono::milliseconds Duration(std::string_view key) const {
    const nlohmann::json& value = Get(key, "a duration");
    std::optional<std::chrono::milliseconds> parsed;
    if (value.is_string()) {
      parsed = ParseDuration(value.get<std::string>());
    } else if (value.is_number() && value.get<double>() >= 0) {
      parsed = std::chrono::milliseconds(
          static_cast<std::int64_t>(value.get<double>() * 1000.0));
    }
    if (!parsed) throw Mismatch(key, "a duration such as \"5s\"", value);
    return *parsed;
  }

  /// An array of strings.
  std::vector<std::string> Strings(std::string_view key) const {
    const nlohmann::json& value = Get(key, "a list of strings");
    if (!value.is_array()) throw Mismatch(key, "a list of strings", value);
    std::vector<std::string> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        throw Mismatch(std::string(key) + "[" + std::to_string(i) + "]",
                       "a string", value[i]);
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

  /// An array of objects, each read through its own reader whose errors
  /// name the entry: `containers[2].timeout: expected ...`.
  std::vector<ConfigReader> Objects(std::string_view key) const {
    const nlohmann::json& value = Get(key, "a list of objects");
    if (!value.is_array()) throw Mismatch(key, "a list of objects", value);
    std::vector<ConfigReader> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string item = std::string(key) + "[" + std::to_string(i) + "]";
      if (!value[i].is_object()) throw Mismatch(item, "an object", value[i]);
      out.push_back(ConfigReader(value[i], PathOf(item)));
    }
    return out;
  }

  /// An object of strings (header fields, environment variables, labels).
  std::map<std::string, std::string> StringMap(std::string_view key) const {
    const nlohmann::json& value = Get(key, "an object of strings");
    if (!value.is_object()) throw Mismatch(key, "an object of strings", value);
    std::map<std::string, std::string> out;
    for (const auto& [name, item] : value.items()) {
      if (!item.is_string()) {
        throw Mismatch(std::string(key) + "." + name, "a string", item);
      }
      out.emplace(name, item.get<std::string>());
    }
    return out;
  }

  /// The value at `key` as JSON, for what the accessors do not cover.
  const nlohmann::json& Json(std::string_view key) const {
    return Get(key, "a value");
  }

  /// An error about `key` that the schema could not express, as
  /// `path.to.key: what`, to throw from the plugin's constructor.
  std::invalid_argument Error(std::string_view key,
                              const std::string& what) const {
    return std::invalid_argument(PathOf(key) + ": " + what);
  }

 private:
  ConfigReader(nlohmann::json object, std::string path)
      : object_(std::move(object)), path_(std::move(path)) {}

  static nlohmann::json Parse(const std::string& text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_object()) {
      throw std::invalid_argument("config: expected a JSON object");
    }
    return parsed;
  }

  std::string PathOf(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const nlohmann::json& Get(std::string_view key, const char* expected) const {
    const auto found = object_.find(std::string(key));
    if (found == object_.end()) {
      throw std::invalid_argument(PathOf(key) + ": expected " + expected +
                                  ", got nothing (the plugin's schema gives "
                                  "it no default)");
    }
    return *found;
  }

  template <class T>
  T As(std::string_view key, const char* expected,
       bool (nlohmann::json::*is)() const noexcept) const {
    const nlohmann::json& value = Get(key, expected);
    if (!(value.*is)()) throw Mismatch(key, expected, value);
    return value.get<T>();
  }

  std::invalid_argument Mismatch(std::string_view key, const char* expected,
                                 const nlohmann::json& got) const {
    std::string shown =
        got.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (shown.size() > 64) shown = shown.substr(0, 61) + "...";
    return std::invalid_argument(PathOf(key) + ": expected " + expected +
                                 ", got " + shown);
  }

  nlohmann::json object_;
  std::string path_;
};

}  // namespace stackprobe::sdk

#endif  // STACKPROBE_SDK_CONFIG_READER_H_
