// SPDX-License-Identifier: Apache-2.0
//
// The subcommands of the stackprobe binary. Each returns the process exit
// code.
#ifndef STACKPROBE_CLI_COMMANDS_H_
#define STACKPROBE_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/check_report.h"
#include "cli/cli_common.h"

namespace stackprobe::cli {

struct ServeOptions {
  std::vector<std::string> listen;  ///< Overrides the config's listen.
  std::string web_config_file;  ///< --web.config.file; "" serves plain HTTP.
};
/// Runs the exporter until SIGTERM/SIGINT; SIGHUP reloads.
int RunServe(const GlobalOptions& global, const ServeOptions& options);

struct CheckOptions {
  std::vector<std::string> probes;  ///< Empty: all.
  ReportFormat format = ReportFormat::kTable;
};
/// Runs probes once and reports (exit codes of check_report.h).
int RunCheck(const GlobalOptions& global, const CheckOptions& options);

struct CollectOptions {
  std::string legacy_json_path;  ///< Overrides/adds the legacy sink's path.
  bool all_probes = false;       ///< Run every probe, not only what sinks read.
};
/// Runs the probes the sinks read (every probe with all_probes, or when no
/// sink is configured) once, then feeds every sink once.
int RunCollect(const GlobalOptions& global, const CollectOptions& options);

struct PluginsOptions {
  bool json = false;
  std::string schema_of;   ///< Print this plugin's config schema only.
  std::string check_file;  ///< Check this plugin file (plugins --check).
  std::string check_config = "{}";  ///< The config --check uses (JSON).
};
/// Lists the loadable plugins and the refused files; with check_file, runs
/// RunPluginCheck instead.
int RunPlugins(const GlobalOptions& global, const PluginsOptions& options);

/// Loads the plugin file options.check_file through the real loader and
/// runs the conformance checks on it, a line per check: 0 when every check
/// passes, 1 when one fails.
int RunPluginCheck(const PluginsOptions& options);

struct ConfigCheckOptions {
  std::string file;    ///< Empty: the global --config or the default.
  bool print = false;  ///< Print the config with every default written out.
};
/// Validates a config completely (plugins' create included): 0 valid, 1 not.
int RunConfigCheck(const GlobalOptions& global,
                   const ConfigCheckOptions& options);

/// Runs the action configured as `name`, or else the action plugin named
/// `fallback_plugin` with its default config, with `args`.
int RunAction(const GlobalOptions& global, const std::string& name,
              const std::string& fallback_plugin,
              const std::vector<std::string>& args);

struct WorkerCommandOptions {
  int fd = 3;           ///< The worker's end of the supervisor's socket pair.
  long parent_pid = 0;  ///< The supervising daemon; 0 skips the check.
};
/// Serves an isolated probe for a supervising daemon (isolate/worker.h);
/// not for people, hidden from --help.
int RunWorkerCommand(const WorkerCommandOptions& options);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_COMMANDS_H_
