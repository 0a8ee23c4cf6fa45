// SPDX-License-Identifier: Apache-2.0
#include "options.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stackprobe/sdk/duration.h"

namespace stackprobe::rootless {
namespace {

void ReadString(const nlohmann::json& config, const char* key,
                std::string& out) {
  if (!config.contains(key)) return;
  const nlohmann::json& value = config.at(key);
  if (!value.is_string()) {
    throw std::invalid_argument(std::string(key) + ": expected a string, got " +
                                value.dump());
  }
  out = value.get<std::string>();
}

void ReadStrings(const nlohmann::json& config, const char* key,
                 std::vector<std::string>& out) {
  if (!config.contains(key)) return;
  const nlohmann::json& value = config.at(key);
  if (!value.is_array()) {
    throw std::invalid_argument(std::string(key) +
                                ": expected an array of strings, got " +
                                value.dump());
  }
  out.clear();
  for (const nlohmann::json& item : value) {
    if (!item.is_string()) {
      throw std::invalid_argument(std::string(key) +
                                  ": expected an array of strings, got " +
                                  item.dump());
    }
    out.push_back(item.get<std::string>());
  }
}

void ReadBool(const nlohmann::json& config, const char* key, bool& out) {
  if (!config.contains(key)) return;
  const nlohmann::json& value = config.at(key);
  if (!value.is_boolean()) {
    throw std::invalid_argument(std::string(key) +
                                ": expected a boolean, got " + value.dump());
  }
  out = value.get<bool>();
}

}  // namespace

RootlessOptions ParseOptions(const std::string& config_json) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(config_json.empty() ? "{}" : config_json);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(
        std::string("config: expected a JSON object, ") + e.what());
  }
  if (!config.is_object()) {
    throw std::invalid_argument("config: expected an object, got " +
                                config.dump());
  }
  RootlessOptions options;
  ReadString(config, "user", options.user);
  ReadString(config, "path", options.path);
  ReadString(config, "unit_file", options.unit_file);
  ReadString(config, "subuid_file", options.subuid_file);
  ReadString(config, "subgid_file", options.subgid_file);
  ReadString(config, "passwd_file", options.passwd_file);
  ReadString(config, "proc_sys_dir", options.proc_sys_dir);
  ReadString(config, "linger_dir", options.linger_dir);
  ReadString(config, "xdg_runtime_dir", options.xdg_runtime_dir);
  ReadBool(config, "unshare_trial", options.unshare_trial);
  ReadBool(config, "podman_info", options.podman_info);
  ReadBool(config, "repair_path", options.repair_path);
  ReadStrings(config, "setuid_dirs", options.setuid_dirs);
  ReadStrings(config, "search_dirs", options.search_dirs);
  ReadStrings(config, "libexec_dirs", options.libexec_dirs);
  if (config.contains("min_range")) {
    const nlohmann::json& value = config.at("min_range");
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0) {
      throw std::invalid_argument(
          "min_range: expected a positive integer, got " + value.dump());
    }
    options.min_range = value.get<std::uint64_t>();
  }
  if (config.contains("command_timeout")) {
    std::string text;
    ReadString(config, "command_timeout", text);
    const auto parsed = sdk::ParseDuration(text);
    if (!parsed || parsed->count() <= 0) {
      throw std::invalid_argument(
          "command_timeout: expected a positive duration such as \"20s\", "
          "got \"" +
          text + "\"");
    }
    options.command_timeout = *parsed;
  }
  if (!options.path.empty() && !options.unit_file.empty()) {
    throw std::invalid_argument(
        "unit_file: expected either path or unit_file, got both");
  }
  return options;
}

}  // namespace stackprobe::rootless
