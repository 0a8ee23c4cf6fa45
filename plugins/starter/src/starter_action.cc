// SPDX-License-Identifier: Apache-2.0
#include "starter_action.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "boot_id.h"
#include "compose_containers.h"
#include "container_creator.h"
#include "path_sanitizer.h"
#include "plan.h"
#include "podman_client.h"
#include "podman_create_args.h"
#include "podman_errors.h"
#include "preflight.h"
#include "report.h"
#include "stack_starter.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::starter {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kUsage =
    "usage: stackprobe start [--dry-run] [--json] [--only NAME...]";

struct Arguments {
  bool dry_run = false;
  bool json = false;
  std::vector<std::string> only;
};

Arguments ParseArguments(const std::vector<std::string>& args) {
  Arguments out;
  bool in_only = false;
  for (const auto& arg : args) {
    if (arg == "--dry-run") {
      out.dry_run = true;
      in_only = false;
    } else if (arg == "--json") {
      out.json = true;
      in_only = false;
    } else if (arg == "--only") {
      in_only = true;
    } else if (arg.starts_with("--only=")) {
      out.only.push_back(arg.substr(7));
      in_only = false;
    } else if (in_only && !arg.starts_with("-")) {
      out.only.push_back(arg);
    } else {
      throw std::invalid_argument("unknown argument \"" + arg + "\"; " +
                                  kUsage);
    }
  }
  if (in_only && out.only.empty()) {
    throw std::invalid_argument(std::string("--only needs container names; ") +
                                kUsage);
  }
  return out;
}

double UnixNow() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* ReadinessName(const ContainerSpec& spec) {
  switch (spec.readiness) {
    case ReadinessKind::kHealthcheck:
      return "healthcheck";
    case ReadinessKind::kProbe:
      return "probe";
    case ReadinessKind::kRunning:
      return "running";
    case ReadinessKind::kCompleted:
      return "completed";
  }
  return "healthcheck";
}

const char* ConditionName(DependsCondition condition) {
  switch (condition) {
    case DependsCondition::kStarted:
      return "service_started";
    case DependsCondition::kHealthy:
      return "service_healthy";
    case DependsCondition::kCompleted:
      return "service_completed_successfully";
  }
  return "service_healthy";
}

// "(41 s)", or "(2.3 s)" below ten seconds.
std::string RunSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, seconds < 10 ? " (%.1f s)" : " (%.0f s)",
                seconds);
  return buffer;
}

// `arg` as a POSIX shell word (for the dry run's copyable command lines).
std::string ShellQuoted(const std::string& arg) {
  const bool plain =
      !arg.empty() && arg.find_first_not_of(
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789_@%+=:,./-") == std::string::npos;
  if (plain) return arg;
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// --only accepts compose service names too.
std::vector<std::string> ContainerNames(
    const std::vector<std::string>& names,
    const std::vector<ContainerSpec>& containers) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    std::string chosen = name;
    for (const auto& spec : containers) {
      if (spec.name != name && spec.service == name) chosen = spec.name;
    }
    out.push_back(chosen);
  }
  return out;
}

std::string PlanText(const Levels& levels,
                     const std::vector<ContainerSpec>& selected,
                     const SanitizedPath& path, bool as_json) {
  if (as_json) {
    nlohmann::json doc = {{"path", path.path},
                          {"path_reordered", path.reordered},
                          {"levels", levels}};
    nlohmann::json containers = nlohmann::json::array();
    for (const auto& spec : selected) {
      nlohmann::json conditions = nlohmann::json::object();
      for (const auto& dependency : spec.depends_on) {
        const auto it = spec.conditions.find(dependency);
        conditions[dependency] = ConditionName(it == spec.conditions.end()
                                                   ? DependsCondition::kHealthy
                                                   : it->second);
      }
      nlohmann::json item = {
          {"name", spec.name},
          {"depends_on", spec.depends_on},
          {"conditions", conditions},
          {"readiness", ReadinessName(spec)},
          {"probe", spec.probe},
          {"timeout_seconds",
           static_cast<double>(spec.timeout.count()) / 1000.0},
          {"required", spec.required}};
      if (spec.create) {
        item["service"] = spec.create->service;
        item["create_args"] = spec.create->create_args;
        item["create_blockers"] = spec.create->blockers;
      }
      containers.push_back(std::move(item));
    }
    doc["containers"] = containers;
    return doc.dump(2) + "\n";
  }
  std::string out = "PATH=" + path.path + "\n";
  if (path.reordered) out += path.explanation + "\n";
  for (std::size_t i = 0; i < levels.size(); ++i) {
    out += "level " + std::to_string(i) + ":";
    for (const auto& name : levels[i]) out += " " + name;
    out += "\n";
  }
  for (const auto& spec : selected) {
    if (!spec.create) continue;
    out += "when missing, " + spec.name + ": podman create";
    for (const auto& arg : spec.create->create_args) {
      out += " " + ShellQuoted(arg);
    }
    out += "\n";
  }
  out += "dry run: nothing started\n";
  return out;
}

}  // namespace

StarterAction::StarterAction(const std::string& config_json)
    : config_(ParseStarterConfig(config_json)) {
  // A compose file is read again at each run; reading it now makes
  // `stackprobe config check` report its errors.
  if (!config_.compose_file.empty()) {
    ResolveContainers(config_, plugin_common::ProcessEnvironment());
  }
}

ActionResult StarterAction::Run(ActionContext& context,
                                const std::vector<std::string>& args) {
  try {
    return RunChecked(context, args);
  } catch (const std::exception& e) {
    ActionResult result;
    result.exit_code = kExitPreflight;
    result.summary = std::string("start failed: ") + e.what() + "\n";
    return result;
  }
}

ActionResult StarterAction::RunChecked(ActionContext& context,
                                       const std::vector<std::string>& args) {
  const Clock::time_point began = Clock::now();
  const Clock::time_point deadline = began + config_.budget;
  ActionResult result;
  Arguments arguments;
  std::vector<ContainerSpec> containers, selected;
  Levels levels;
  std::optional<ComposeProject> project;
  try {
    arguments = ParseArguments(args);
    if (!config_.compose_file.empty()) {
      project =
          LoadConfiguredCompose(config_, plugin_common::ProcessEnvironment());
      containers = ComposeContainers(*project, config_);
    } else {
      containers = config_.containers;
    }
    selected =
        SelectSubset(containers, ContainerNames(arguments.only, containers));
    levels = PlanLevels(selected);
  } catch (const std::invalid_argument& e) {
    result.exit_code = kExitPreflight;
    result.summary = std::string(e.what()) + "\n";
    return result;
  }

  std::string base_path = config_.path;
  if (base_path.empty()) {
    const char* env_path = std::getenv("PATH");
    base_path = env_path != nullptr ? env_path : "/usr/bin:/bin";
  }
  const SanitizedPath path = SanitizePath(base_path, config_.setuid_dirs);
  if (path.reordered) {
    context.Progress("starter:" + sdk::LogfmtField("step", "path") +
                     sdk::LogfmtField("note", path.explanation));
  }
  if (arguments.dry_run) {
    result.exit_code = kExitReady;
    result.summary = PlanText(levels, selected, path, arguments.json);
    return result;
  }

  RunReport report;
  report.started_at = UnixNow();
  report.boot_id = CurrentBootId();
  report.path = path.path;
  report.path_reordered = path.reordered;
  std::string program = config_.podman;
  if (program.find('/') == std::string::npos) {
    // The podman the given PATH picks, not one a moved setuid folder holds.
    const std::string found = FindProgram(program, base_path);
    if (!found.empty()) program = found;
  }
  const PodmanClient podman(context, program, path.path, config_.env,
                            config_.command_timeout);
  auto preflight_failed = [&](const std::string& why) {
    context.Progress("starter:" + sdk::LogfmtField("step", "preflight") +
                     sdk::LogfmtField("result", "failed") +
                     sdk::LogfmtField("note", why));
    report.exit_code = kExitPreflight;
    report.outcome = kOutcomePreflightFailed;
    report.message = "preflight failed: " + why;
    for (const auto& spec : selected) {
      ContainerReport container;
      container.name = spec.name;
      container.required = spec.required;
      container.result = ContainerResult::kNotRun;
      report.containers.push_back(container);
    }
  };
  // No folder holds setuid-root newuidmap/newgidmap: reordering cannot help.
  // Rootless podman then fails the same way every time, so ask once and
  // point to the doctor instead of retrying podman info.
  std::string unrepairable;
  if (path.setuid_folders.empty()) {
    std::string dirs;
    for (const auto& dir : config_.setuid_dirs) {
      dirs += (dirs.empty() ? "" : ", ") + dir;
    }
    const std::string why =
        "the PATH cannot be repaired: no folder of setuid_dirs (" +
        (dirs.empty() ? std::string("none") : dirs) +
        ") or of PATH holds a setuid-root newuidmap and newgidmap";
    const CommandResult info = podman.Run({"info", "--format", "json"});
    const std::string failure = UserNamespaceFailure(info.stderr_data);
    if (!(info.started && info.exit_code == 0) && !failure.empty()) {
      unrepairable = why +
                     ", and rootless podman cannot set up its user "
                     "namespace without them (podman: " +
                     failure + "); run `stackprobe doctor` for the fix";
    } else if (info.started && info.exit_code == 0 && ::geteuid() != 0) {
      context.Progress(
          "starter:" + sdk::LogfmtField("step", "path") +
          sdk::LogfmtField("result", "unrepairable") +
          sdk::LogfmtField("note", why +
                                       "; podman works now (its pause process "
                                       "may be alive), a new user namespace "
                                       "will fail; run `stackprobe doctor`"));
    }
  }
  const std::string preflight_error =
      unrepairable.empty()
          ? RunPreflight(context, config_, podman, deadline, path.path)
          : unrepairable;
  if (!preflight_error.empty()) {
    preflight_failed(preflight_error);
  } else {
    std::optional<ContainerCreator> creator;
    if (project) {
      std::vector<std::string> compose_env;
      const plugin_common::VariableMap environment =
          plugin_common::ProcessEnvironment();
      for (const auto& [name, value] : project->dotenv) {
        if (!environment.contains(name))
          compose_env.push_back(name + "=" + value);
      }
      creator.emplace(podman, config_.create_with, config_.podman_compose,
                      path.path, project->file, project->name, compose_env);
    }
    StackStarter starter(context, config_, podman,
                         creator ? &*creator : nullptr, deadline);
    report.containers = starter.Run(selected);
    std::vector<std::string> failed, blocked;
    std::size_t ready = 0;
    for (const auto& container : report.containers) {
      if (IsReady(container.result)) {
        ++ready;
      } else if (container.result == ContainerResult::kBlocked) {
        blocked.push_back(container.name);
      } else if (container.required) {
        failed.push_back(container.name + " " + ResultName(container.result));
      }
    }
    bool required_missing = false;
    for (const auto& container : report.containers) {
      if (container.required && !IsReady(container.result)) {
        required_missing = true;
      }
    }
    report.exit_code = required_missing ? kExitContainerFailed : kExitReady;
    report.outcome = required_missing ? kOutcomeFailed : kOutcomeSuccess;
    report.message =
        std::string(required_missing ? "stack not ready" : "stack ready") +
        ": " + std::to_string(ready) + "/" +
        std::to_string(report.containers.size()) + " containers ready";
    if (!failed.empty()) {
      report.message += "; failed:";
      for (const auto& item : failed) report.message += " " + item;
    }
    if (!blocked.empty()) {
      report.message += "; blocked (dependency not ready):";
      for (const auto& item : blocked) report.message += " " + item;
    }
  }
  report.duration_seconds =
      std::chrono::duration<double>(Clock::now() - began).count();
  report.message += RunSeconds(report.duration_seconds);

  const std::string report_json = ReportToJson(report);
  const std::string state_file =
      config_.state_file.empty() ? DefaultStateFile() : config_.state_file;
  std::error_code ignored;
  std::filesystem::create_directories(
      std::filesystem::path(state_file).parent_path(), ignored);
  std::string write_error;
  if (!context.WriteFileAtomically(state_file, report_json, 0644,
                                   write_error)) {
    context.Log(LogLevel::kWarning, "cannot write the state file " +
                                        state_file + ": " + write_error);
  }
  // The last progress line is the run's summary: the CLI forwards it to
  // systemd as the unit's final STATUS=.
  context.Progress(
      "starter:" + sdk::LogfmtField("step", "done") +
      sdk::LogfmtField("exit_code", std::to_string(report.exit_code)) +
      sdk::LogfmtField("note", report.message));
  result.exit_code = report.exit_code;
  result.details_json = report_json;
  result.summary = arguments.json ? report_json : FormatTable(report);
  if (!arguments.json && path.reordered) {
    result.summary = path.explanation + "\n" + result.summary;
  }
  return result;
}

}  // namespace stackprobe::starter
