// SPDX-License-Identifier: Apache-2.0
//
// stackprobe: one binary, several commands (see `stackprobe --help`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/action_help.h"
#include "cli/commands.h"

namespace {

using stackprobe::cli::GlobalOptions;

// The exit code of a command line that cannot be parsed.
constexpr int kUsageError = 2;

constexpr const char* kGlobalGroup =
    "Global options (before or after the command)";

// Global options belong to the main command and to every command under it,
// so they may come before or after the command name and every --help lists
// them. All bind to the same GlobalOptions; --plugin-dir appends, so folders
// given before and after the command are all searched, in order.
void AddGlobalOptions(CLI::App& command, GlobalOptions& global) {
  command
      .add_option("-c,--config", global.config_path,
                  "Config file (default: /etc/stackprobe/stackprobe.yml for "
                  "root, ~/.config/stackprobe/stackprobe.yml otherwise)")
      ->type_name("FILE")
      ->group(kGlobalGroup);
  command
      .add_option_function<std::vector<std::string>>(
          "--plugin-dir",
          [&global](const std::vector<std::string>& dirs) {
            global.plugin_dirs.insert(global.plugin_dirs.end(), dirs.begin(),
                                      dirs.end());
          },
          "Extra plugin folder, searched first (repeatable)")
      ->type_name("DIR")
      ->group(kGlobalGroup);
  command
      .add_option("--log-level", global.log_level,
                  "Least severe messages logged")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}))
      ->type_name("LEVEL")
      ->group(kGlobalGroup);
  for (auto* sub : command.get_subcommands({})) {
    // Hidden (internal) commands are started by the daemon, not by people.
    if (!sub->get_group().empty()) AddGlobalOptions(*sub, global);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "stackprobe: health probes and Prometheus metrics for a self-hosted AI "
      "stack"};
  app.require_subcommand(1);
  GlobalOptions global;
  app.set_version_flag("--version", stackprobe::cli::Version() + " (" +
                                        stackprobe::cli::Revision() + ")");

  stackprobe::cli::ServeOptions serve;
  auto* serve_command = app.add_subcommand(
      "serve", "Run the exporter: probes on their intervals, /metrics, /probe");
  serve_command->add_option("--web.listen-address", serve.listen,
                            "Listen address host:port (repeatable; default "
                            "from the config, 127.0.0.1:9877)");
  serve_command->add_option(
      "--web.config.file", serve.web_config_file,
      "TLS, client certificates and basic auth (Prometheus exporter-toolkit "
      "web config format; re-read when it or its files change)");

  stackprobe::cli::CheckOptions check;
  bool check_json = false;
  bool check_nagios = false;
  auto* check_command =
      app.add_subcommand("check",
                         "Run probes once and report; exit 0 OK, 1 WARNING, 2 "
                         "CRITICAL, 3 UNKNOWN");
  check_command->add_option("probes", check.probes,
                            "Probes to run (default: all)");
  auto* json_flag =
      check_command->add_flag("--json", check_json, "Report as JSON");
  check_command
      ->add_flag("--nagios", check_nagios,
                 "Report in the Nagios plugin format with perfdata")
      ->excludes(json_flag);

  stackprobe::cli::CollectOptions collect;
  auto* collect_command = app.add_subcommand(
      "collect",
      "Run the probes the sinks read once and feed every sink once (for "
      "timers)");
  collect_command->add_option("--legacy-json", collect.legacy_json_path,
                              "Write the legacy ai_metrics.json to this path");
  collect_command->add_flag("--all", collect.all_probes,
                            "Run every configured probe, not only those the "
                            "sinks read");

  stackprobe::cli::PluginsOptions plugins;
  auto* plugins_command =
      app.add_subcommand("plugins", "List plugins: name, version, ABI, kind");
  auto* plugins_json_flag = plugins_command->add_flag(
      "--json", plugins.json, "As JSON, with config schemas");
  auto* schema_option = plugins_command->add_option(
      "--schema", plugins.schema_of, "Print one plugin's config schema");
  auto* check_option = plugins_command->add_option(
      "--check", plugins.check_file,
      "Load one plugin file (FILE.so) through the loader and check the "
      "contract: descriptor, schema, create, a probe run and its samples; "
      "exit 0 when every check passes, 1 when one fails");
  check_option->type_name("FILE.so")
      ->excludes(schema_option)
      ->excludes(plugins_json_flag);
  plugins_command
      ->add_option("--check-config", plugins.check_config,
                   "The config --check creates the plugin with, as JSON (the "
                   "schema's defaults fill in the rest)")
      ->type_name("JSON")
      ->needs(check_option);

  stackprobe::cli::ConfigCheckOptions config_check;
  auto* config_command = app.add_subcommand("config", "Config file tools");
  config_command->require_subcommand(1);
  auto* config_check_command = config_command->add_subcommand(
      "check", "Validate a config completely; exit 0 when valid, 1 if not");
  config_check_command->add_option("file", config_check.file,
                                   "Config file (default: --config)");
  config_check_command->add_flag(
      "--print", config_check.print,
      "Print the config with every default written out");

  // start, doctor and action hand every argument that is not a global
  // option to their action plugins, which parse them; the footers list
  // those options for --help.
  auto* start_command = app.add_subcommand(
      "start", "Start the AI stack's containers (the starter action)");
  start_command->allow_extras();
  start_command->footer(stackprobe::cli::kStartOptionsHelp);
  auto* doctor_command = app.add_subcommand(
      "doctor", "Explain why rootless containers cannot start, and the fix");
  doctor_command->allow_extras();
  doctor_command->footer(stackprobe::cli::kDoctorOptionsHelp);
  std::string action_name;
  auto* action_command =
      app.add_subcommand("action", "Run a configured action or action plugin");
  action_command->add_option("name", action_name, "Action name")->required();
  action_command->allow_extras();

  stackprobe::cli::WorkerCommandOptions worker;
  auto* worker_command = app.add_subcommand(
      "worker", "Serve one isolated probe for a supervising daemon");
  worker_command->group("");  // internal: hidden from --help
  worker_command->add_option("--fd", worker.fd, "Socket to serve");
  worker_command->add_option("--parent-pid", worker.parent_pid,
                             "Supervising process");

  AddGlobalOptions(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A word where the command belongs: CLI11 would only say that a
    // command is required.
    const auto words = app.remaining();
    if (app.get_subcommands().empty() && !words.empty() &&
        words.front().rfind('-', 0) != 0) {
      std::cerr << "unknown command \"" << words.front()
                << "\"; the commands are:";
      for (const auto* command : app.get_subcommands({})) {
        if (!command->get_group().empty()) {
          std::cerr << " " << command->get_name();
        }
      }
      std::cerr << " (stackprobe --help)\n";
      return kUsageError;
    }
    // --help and --version end here with 0; every usage error exits 2 (CLI11
    // has a code of its own for each kind).
    return app.exit(e) == 0 ? 0 : kUsageError;
  }
  check.format = check_json     ? stackprobe::cli::ReportFormat::kJson
                 : check_nagios ? stackprobe::cli::ReportFormat::kNagios
                                : stackprobe::cli::ReportFormat::kTable;
  stackprobe::cli::SetUpLogging(
      serve_command->parsed() || worker_command->parsed() ||
              start_command->parsed() || action_command->parsed() ||
              global.log_level != "info"
          ? global.log_level
          : "warning");

  if (worker_command->parsed()) {
    return stackprobe::cli::RunWorkerCommand(worker);
  }

  if (serve_command->parsed()) return stackprobe::cli::RunServe(global, serve);
  if (check_command->parsed()) return stackprobe::cli::RunCheck(global, check);
  if (collect_command->parsed()) {
    return stackprobe::cli::RunCollect(global, collect);
  }
  if (plugins_command->parsed()) {
    return stackprobe::cli::RunPlugins(global, plugins);
  }
  if (config_check_command->parsed()) {
    return stackprobe::cli::RunConfigCheck(global, config_check);
  }
  if (start_command->parsed()) {
    return stackprobe::cli::RunAction(global, "start", "starter",
                                      start_command->remaining());
  }
  if (doctor_command->parsed()) {
    return stackprobe::cli::RunAction(global, "doctor", "doctor",
                                      doctor_command->remaining());
  }
  if (action_command->parsed()) {
    return stackprobe::cli::RunAction(global, action_name, action_name,
                                      action_command->remaining());
  }
  return 0;
}
