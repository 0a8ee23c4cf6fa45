// SPDX-License-Identifier: Apache-2.0
//
// Turns a parsed config into plugin objects: finds each entry's plugin,
// validates its `config` against the plugin's JSON Schema (defaults written
// in), and calls create. Schema violations are configuration errors (the
// whole config is refused). Problems of the plugins themselves — a plugin
// that is missing or refused, a create that fails — are contained: the probe
// stays, reporting state error with the reason, and the others run, unless
// `strict` asks for them to be errors too (`stackprobe config check`).
#ifndef STACKPROBE_DAEMON_INSTANCE_BUILDER_H_
#define STACKPROBE_DAEMON_INSTANCE_BUILDER_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "loader/plugin_loader.h"
#include "schedule/scheduler.h"
#include "schedule/sink_runner.h"

namespace stackprobe::daemon {

/// A configured action, ready to run.
struct ConfiguredAction {
  std::string name;
  std::string plugin;
  loader::PluginObject object;  ///< An Action.
};

/// Everything built from one config.
struct Instances {
  std::vector<schedule::ScheduledProbe> probes;
  std::vector<schedule::ConfiguredSink> sinks;
  std::vector<ConfiguredAction> actions;
  std::vector<std::shared_ptr<const loader::LoadedPlugin>> plugins;
  std::vector<loader::Refusal> refusals;  ///< Plugin files not loaded.
  std::vector<std::string> problems;  ///< Contained problems, one line each.
};

/// The folders searched for plugins: the CLI's --plugin-dir folders first,
/// then the config's plugin_dirs, then the install's plugin folder.
std::vector<std::string> PluginSearchPath(
    const std::vector<std::string>& cli_dirs, const config::Config& config,
    const std::string& default_dir);

/// The plugins `config` names: its probes', sinks' and actions'.
std::set<std::string> ConfiguredPlugins(const config::Config& config);

/// Builds every probe, sink and action of `config`. Throws
/// config::ConfigError for configuration errors (and, when `strict`, for
/// contained problems too). Loads every plugin of the folders (the daemon),
/// or with `only_plugins` just those (a one-shot command: see
/// ConfiguredPlugins).
Instances BuildInstances(const config::Config& config,
                         loader::PluginLoader& loader,
                         const std::vector<std::string>& plugin_dirs,
                         bool strict,
                         const std::set<std::string>* only_plugins = nullptr);

/// Creates one object of plugin `plugin_name` of kind `kind` from `config`
/// (validated against the schema first). `json_path` and `file` prefix error
/// messages. Returns nullptr with `error` set on failure; sets
/// `is_config_error` when the failure is the config's fault (a schema
/// violation). `reads`, when set, receives the probes the valid config
/// names (config/probe_references.h).
loader::PluginObject CreateFromConfig(
    const std::vector<std::shared_ptr<const loader::LoadedPlugin>>& plugins,
    const std::string& plugin_name, PluginKind kind, nlohmann::json config,
    const std::string& file, const std::string& json_path, std::string& error,
    bool& is_config_error,
    std::shared_ptr<const loader::LoadedPlugin>* found = nullptr,
    std::vector<std::string>* reads = nullptr);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_INSTANCE_BUILDER_H_
