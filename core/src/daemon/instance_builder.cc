// SPDX-License-Identifier: Apache-2.0
#include "daemon/instance_builder.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "config/config_error.h"
#include "config/json_schema.h"
#include "config/probe_references.h"

namespace stackprobe::daemon {
namespace {

std::shared_ptr<const loader::LoadedPlugin> FindPlugin(
    const std::vector<std::shared_ptr<const loader::LoadedPlugin>>& plugins,
    const std::string& name) {
  for (const auto& plugin : plugins) {
    if (plugin->name == name) return plugin;
  }
  return nullptr;
}

// A plugin's create error starts with a path inside its config
// ("url: expected ...") or is free text; either way it reads well after
// "<entry>.config".
std::string JoinConfigError(const std::string& json_path,
                            const std::string& error) {
  const auto colon = error.find(':');
  const bool starts_with_key =
      colon != std::string::npos && colon > 0 &&
      std::all_of(error.begin(), error.begin() + static_cast<long>(colon),
                  [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) ||
                           c == '_' || c == '.' || c == '[' || c == ']';
                  });
  if (starts_with_key) {
    const std::string separator = error[0] == '[' ? "" : ".";
    return json_path + ".config" + separator + error;
  }
  return json_path + ".config: " + error;
}

}  // namespace

std::vector<std::string> PluginSearchPath(
    const std::vector<std::string>& cli_dirs, const config::Config& config,
    const std::string& default_dir) {
  std::vector<std::string> dirs = cli_dirs;
  dirs.insert(dirs.end(), config.plugin_dirs.begin(), config.plugin_dirs.end());
  if (!default_dir.empty() &&
      std::find(dirs.begin(), dirs.end(), default_dir) == dirs.end()) {
    dirs.push_back(default_dir);
  }
  return dirs;
}

loader::PluginObject CreateFromConfig(
    const std::vector<std::shared_ptr<const loader::LoadedPlugin>>& plugins,
    const std::string& plugin_name, PluginKind kind, nlohmann::json config,
    const std::string& file, const std::string& json_path, std::string& error,
    bool& is_config_error, std::shared_ptr<const loader::LoadedPlugin>* found,
    std::vector<std::string>* reads) {
  is_config_error = false;
  auto plugin = FindPlugin(plugins, plugin_name);
  if (found != nullptr) *found = plugin;
  if (!plugin) {
    error = json_path + ".plugin: plugin \"" + plugin_name +
            "\" is not loaded (see the plugin lines of the log, or run "
            "`stackprobe plugins`)";
    return nullptr;
  }
  if (plugin->kind != kind) {
    is_config_error = true;
    error = file + ": " + json_path + ".plugin: expected a " +
            loader::KindName(kind) + " plugin, got \"" + plugin_name +
            "\" (a " + loader::KindName(plugin->kind) + " plugin)";
    return nullptr;
  }
  const auto schema = nlohmann::json::parse(plugin->config_schema);
  if (auto problem = config::ValidateAndFillDefaults(schema, config,
                                                     json_path + ".config")) {
    is_config_error = true;
    error = file + ": " + *problem;
    return nullptr;
  }
  if (reads != nullptr) *reads = config::ProbeReferences(schema, config);
  std::string create_error;
  auto object = loader::CreateInstance(*plugin, config.dump(), create_error);
  if (!object) {
    error = JoinConfigError(json_path, create_error);
  }
  return object;
}

std::set<std::string> ConfiguredPlugins(const config::Config& config) {
  std::set<std::string> names;
  for (const auto& probe : config.probes) names.insert(probe.plugin);
  for (const auto& sink : config.sinks) names.insert(sink.plugin);
  for (const auto& action : config.actions) names.insert(action.plugin);
  return names;
}

Instances BuildInstances(const config::Config& config,
                         loader::PluginLoader& loader,
                         const std::vector<std::string>& plugin_dirs,
                         bool strict,
                         const std::set<std::string>* only_plugins) {
  Instances instances;
  auto scan = loader.Scan(plugin_dirs, only_plugins);
  instances.plugins = scan.plugins;
  instances.refusals = scan.refusals;

  auto contain = [&](const std::string& problem) {
    if (strict) throw config::ConfigError(config.file + ": " + problem);
    instances.problems.push_back(problem);
  };

  for (const auto& probe_config : config.probes) {
    schedule::ScheduledProbe probe;
    probe.definition.name = probe_config.name;
    probe.definition.plugin = probe_config.plugin;
    probe.definition.labels = probe_config.labels;
    probe.definition.depends_on = probe_config.depends_on;
    probe.skip_while_blocked = probe_config.skip_while_blocked;
    probe.config_location =
        config.file + ": " + probe_config.json_path + ".config";
    probe.interval = probe_config.interval;
    probe.timeout = probe_config.timeout;
    probe.definition.interval_seconds =
        std::chrono::duration<double>(probe_config.interval).count();
    probe.definition.timeout_seconds =
        std::chrono::duration<double>(probe_config.timeout).count();
    std::string error;
    bool is_config_error = false;
    std::shared_ptr<const loader::LoadedPlugin> plugin;
    probe.object = CreateFromConfig(instances.plugins, probe_config.plugin,
                                    PluginKind::kProbe, probe_config.config,
                                    config.file, probe_config.json_path, error,
                                    is_config_error, &plugin, &probe.reads);
    if (is_config_error) throw config::ConfigError(error);
    if (plugin) probe.allowed_reasons = plugin->allowed_reasons;
    // The object made here validates the config (so reloads and `config
    // check` refuse bad ones alike); an isolated probe runs its own copy in
    // a worker process.
    probe.isolate = probe_config.isolate;
    if (plugin) probe.plugin_path = plugin->path;
    probe.config_json = probe_config.config.dump();
    if (!probe.object) {
      contain(error);
      probe.unavailable_reason = error;
      probe.allowed_reasons = loader::CoreReasons();
    }
    instances.probes.push_back(std::move(probe));
  }
  for (const auto& sink_config : config.sinks) {
    std::string error;
    bool is_config_error = false;
    std::vector<std::string> reads;
    auto object = CreateFromConfig(instances.plugins, sink_config.plugin,
                                   PluginKind::kSink, sink_config.config,
                                   config.file, sink_config.json_path, error,
                                   is_config_error, nullptr, &reads);
    if (is_config_error) throw config::ConfigError(error);
    if (!object) {
      contain(error);
      continue;
    }
    instances.sinks.push_back(
        {sink_config.name, std::move(object), std::move(reads)});
  }
  for (const auto& action_config : config.actions) {
    std::string error;
    bool is_config_error = false;
    auto object =
        CreateFromConfig(instances.plugins, action_config.plugin,
                         PluginKind::kAction, action_config.config, config.file,
                         action_config.json_path, error, is_config_error);
    if (is_config_error) throw config::ConfigError(error);
    if (!object) {
      contain(error);
      continue;
    }
    instances.actions.push_back(
        {action_config.name, action_config.plugin, std::move(object)});
  }
  return instances;
}

}  // namespace stackprobe::daemon
