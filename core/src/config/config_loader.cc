// SPDX-License-Identifier: Apache-2.0
//
// Schema first (types, unknown keys, defaults), then what a schema cannot
// say: durations against each other, unique names, dependencies.
#include "config/config_loader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/config_schema.h"
#include "config/dependency_check.h"
#include "config/json_path.h"
#include "config/json_schema.h"
#include "config/regular_file.h"
#include "config/yaml_json.h"
#include "stackprobe/sdk/duration.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr std::string_view kListenWords =
    "host:port or [IPv6]:port with a port 0..65535 (0: any free port)";
constexpr std::string_view kLabelWords =
    "a label name matching ^[a-zA-Z_][a-zA-Z0-9_]*$, not starting with __ "
    "and not probe, state or reason";

class Builder {
 public:
  Builder(const std::string& file, const std::string& base_dir)
      : file_(file), base_dir_(base_dir) {}

  Config Build(json document) {
    if (auto error = ValidateAndFillDefaults(ConfigSchema(), document, "")) {
      throw ConfigError(file_ + ": " + *error);
    }
    Config config;
    config.file = file_;
    const json& listen = document["listen"];
    for (std::size_t i = 0; i < listen.size(); ++i) {
      if (!IsListenAddress(listen[i].get<std::string>())) {
        Fail(ElementPath("listen", i), kListenWords, listen[i]);
      }
      config.listen.push_back(listen[i].get<std::string>());
    }
    for (const auto& dir : document["plugin_dirs"]) {
      config.plugin_dirs.push_back(AbsoluteDir(dir.get<std::string>()));
    }
    config.workers = document["workers"].get<int>();
    config.log_level = document["log_level"].get<std::string>();
    config.default_interval = DurationAtLeast(
        document["defaults"]["interval"], "defaults.interval", kMinInterval);
    config.default_timeout = DurationAtLeast(document["defaults"]["timeout"],
                                             "defaults.timeout", kMinTimeout);
    config.api.actions_enabled = document["api"]["actions_enabled"].get<bool>();
    for (const auto& host : document["api"]["allowed_hosts"]) {
      std::string name = host.get<std::string>();
      std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      });
      config.api.allowed_hosts.push_back(std::move(name));
    }
    config.exposition.full_probe_series =
        document["exposition"]["probe_series"] == "full";
    const json& probes = document["probes"];
    for (std::size_t i = 0; i < probes.size(); ++i) {
      config.probes.push_back(BuildProbe(probes[i], ElementPath("probes", i),
                                         config.default_interval,
                                         config.default_timeout));
    }
    CheckUniqueNames(config.probes, "probe");
    config.sinks = BuildInstances(document["sinks"], "sinks");
    CheckUniqueNames(config.sinks, "sink");
    config.actions = BuildInstances(document["actions"], "actions");
    CheckUniqueNames(config.actions, "action");
    // Every depends_on problem at once: one mistyped name is seldom alone.
    if (const auto problems = DependencyProblems(config.probes);
        !problems.empty()) {
      std::string message;
      for (const auto& problem : problems) {
        message += (message.empty() ? "" : "\n") + file_ + ": " + problem;
      }
      throw ConfigError(message);
    }
    return config;
  }

 private:
  [[noreturn]] void Fail(const std::string& path, std::string_view expected,
                         const json& got) const {
    throw ConfigError(file_ + ": " +
                      AtPath(path, "expected " + std::string(expected) +
                                       ", got " + Excerpt(got)));
  }

  static bool IsListenAddress(const std::string& address) {
    std::string_view host;
    std::string_view port;
    const std::string_view text = address;
    if (!text.empty() && text.front() == '[') {
      const std::size_t close = text.find("]:");
      if (close == text.npos) return false;
      host = text.substr(1, close - 1);
      port = text.substr(close + 2);
      if (host.find(':') == host.npos ||
          host.find_first_not_of("0123456789abcdefABCDEF:.%") != host.npos) {
        // Zone ids (fe80::1%eth0) may hold any interface name.
        if (host.find('%') == host.npos) return false;
      }
    } else {
      const std::size_t colon = text.rfind(':');
      if (colon == text.npos) return false;
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      if (host.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
          host.npos) {
        return false;
      }
    }
    if (host.empty() || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != port.npos) {
      return false;
    }
    const int number = std::stoi(std::string(port));
    return number >= 0 && number <= 65535;  // 0: any free port
  }

  std::string AbsoluteDir(const std::string& dir) const {
    std::filesystem::path path(dir);
    // "~/x" as in a shell, from HOME: configs are shared between users.
    if (dir.rfind("~/", 0) == 0) {
      const char* home = std::getenv("HOME");
      if (home != nullptr && *home == '/') {
        path = std::filesystem::path(home) / dir.substr(2);
      }
    }
    if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
    path = std::filesystem::absolute(path).lexically_normal();
    if (!path.has_filename() && path.has_parent_path() &&
        path != path.root_path()) {
      path = path.parent_path();
    }
    return path.string();
  }

  milliseconds DurationAtLeast(const json& value, const std::string& path,
                               milliseconds minimum) const {
    const milliseconds duration = *DurationFromJson(value);
    if (duration < minimum) {
      Fail(path, "at least " + sdk::FormatDuration(minimum), value);
    }
    return duration;
  }

  static bool IsLabelName(const std::string& name) {
    if (name.empty() || name.rfind("__", 0) == 0 || name == "probe" ||
        name == "state" || name == "reason") {
      return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      const bool alpha =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
  }

  ProbeConfig BuildProbe(const json& entry, const std::string& path,
                         milliseconds default_interval,
                         milliseconds default_timeout) const {
    ProbeConfig probe;
    probe.json_path = path;
    probe.name = entry["name"].get<std::string>();
    probe.plugin = entry["plugin"].get<std::string>();
    probe.interval =
        entry.contains("interval")
            ? DurationAtLeast(entry["interval"], MemberPath(path, "interval"),
                              kMinInterval)
            : default_interval;
    if (entry.contains("timeout")) {
      const std::string timeout_path = MemberPath(path, "timeout");
      probe.timeout =
          DurationAtLeast(entry["timeout"], timeout_path, kMinTimeout);
      if (probe.timeout > probe.interval) {
        Fail(timeout_path,
             "at most the interval (" + sdk::FormatDuration(probe.interval) +
                 ")",
             entry["timeout"]);
      }
    } else {
      // A short interval with the default timeout must not be an error
      // about a value nobody wrote.
      probe.timeout = std::min(default_timeout, probe.interval);
    }
    probe.depends_on = entry["depends_on"].get<std::vector<std::string>>();
    probe.skip_while_blocked = entry["skip_while_blocked"].get<bool>();
    probe.allow_target = entry["allow_target"].get<bool>();
    const std::string labels_path = MemberPath(path, "labels");
    for (const auto& [name, value] : entry["labels"].items()) {
      if (!IsLabelName(name)) {
        Fail(MemberPath(labels_path, name), kLabelWords, name);
      }
      probe.labels[name] = value.get<std::string>();
    }
    probe.isolate = entry["isolate"].get<bool>();
    probe.duration_histogram = DurationHistogram(
        entry["duration_histogram"], MemberPath(path, "duration_histogram"));
    probe.config = entry["config"];
    return probe;
  }

  // The schema checked the shape (false, true, or 1..30 positive numbers).
  std::vector<double> DurationHistogram(const json& value,
                                        const std::string& path) const {
    if (value.is_boolean()) {
      return value.get<bool>() ? kDefaultDurationBuckets
                               : std::vector<double>{};
    }
    std::vector<double> bounds;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const double bound = value[i].get<double>();
      if (!std::isfinite(bound) ||
          (!bounds.empty() && bound <= bounds.back())) {
        Fail(ElementPath(path, i),
             "a finite number of seconds above the bound before it", value[i]);
      }
      bounds.push_back(bound);
    }
    return bounds;
  }

  static std::vector<InstanceConfig> BuildInstances(const json& entries,
                                                    const std::string& path) {
    std::vector<InstanceConfig> instances;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      InstanceConfig instance;
      instance.json_path = ElementPath(path, i);
      instance.name = entries[i]["name"].get<std::string>();
      instance.plugin = entries[i]["plugin"].get<std::string>();
      instance.config = entries[i]["config"];
      instances.push_back(std::move(instance));
    }
    return instances;
  }

  template <typename Entry>
  void CheckUniqueNames(const std::vector<Entry>& entries,
                        const std::string& kind) const {
    std::map<std::string, const Entry*> seen;
    for (const auto& entry : entries) {
      const auto [at, inserted] = seen.emplace(entry.name, &entry);
      if (!inserted) {
        throw ConfigError(file_ + ": " + MemberPath(entry.json_path, "name") +
                          ": expected a unique " + kind + " name, got " +
                          Excerpt(entry.name) + " (already used by " +
                          at->second->json_path + ")");
      }
    }
  }

  const std::string& file_;
  const std::string& base_dir_;
};

}  // namespace

Config LoadConfigFile(const std::string& path) {
  const std::string text = ReadRegularFile(path, kMaxConfigFileBytes);
  const std::string base_dir =
      std::filesystem::absolute(std::filesystem::path(path))
          .parent_path()
          .string();
  return ParseConfigText(text, path, base_dir);
}

Config ParseConfigText(std::string_view text, const std::string& file_label,
                       const std::string& base_dir) {
  Builder builder(file_label, base_dir);
  return builder.Build(YamlToJson(text, file_label));
}

}  // namespace stackprobe::config
