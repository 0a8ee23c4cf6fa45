// SPDX-License-Identifier: Apache-2.0
//
// The configured probes, sinks and actions, built for a one-shot command
// (check, collect, an action) instead of the daemon: nothing runs until the
// command asks.
#ifndef STACKPROBE_CLI_OFFLINE_STACK_H_
#define STACKPROBE_CLI_OFFLINE_STACK_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "config/config.h"
#include "daemon/instance_builder.h"
#include "host/host_context.h"
#include "host/http_client.h"
#include "loader/plugin_loader.h"
#include "schedule/result_store.h"
#include "schedule/scheduler.h"

namespace stackprobe::cli {

struct OfflineStack {
  config::Config config;
  host::HttpClient http;
  schedule::ResultStore store;
  host::HostServices services;
  std::unique_ptr<schedule::Scheduler> scheduler;
  /// What each probe's config names (for the order of a one-shot round).
  std::map<std::string, std::vector<std::string>> probe_reads;
  std::vector<schedule::ConfiguredSink> sinks;
  std::vector<daemon::ConfiguredAction> actions;
  std::vector<std::shared_ptr<const loader::LoadedPlugin>> plugins;
};

/// Builds the stack of the config file (an empty config when the file does
/// not exist and `config_optional`), after `adjust` (when set) has edited
/// the parsed config. Loads only the plugins the config names and
/// `extra_plugins`: a one-shot command starts in the time of those, not of
/// every installed plugin (each with its libraries: libpq, RE2, ...).
/// Throws config::ConfigError, or std::runtime_error when the default
/// config file is needed and missing (RequireDefaultConfigFile).
std::unique_ptr<OfflineStack> BuildOfflineStack(
    const GlobalOptions& options, loader::PluginLoader& loader,
    bool config_optional,
    const std::function<void(config::Config&)>& adjust = {},
    const std::set<std::string>& extra_plugins = {});

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_OFFLINE_STACK_H_
