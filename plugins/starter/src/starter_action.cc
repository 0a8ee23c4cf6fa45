// SPDX-License-Identifier: Apache-2.0
#include "starter_action.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "path_sanitizer.h"
#include "plan.h"
#include "podman_client.h"
#include "preflight.h"
#include "report.h"
#include "stack_starter.h"

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
  }
  return "healthcheck";
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
      containers.push_back(
          {{"name", spec.name},
           {"depends_on", spec.depends_on},
           {"readiness", ReadinessName(spec)},
           {"probe", spec.probe},
           {"timeout_seconds",
            static_cast<double>(spec.timeout.count()) / 1000.0},
           {"required", spec.required}});
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
  out += "dry run: nothing started\n";
  return out;
}

}  // namespace

StarterAction::StarterAction(const std::string& config_json)
    : config_(ParseStarterConfig(config_json)) {}

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
  std::vector<ContainerSpec> selected;
  Levels levels;
  try {
    arguments = ParseArguments(args);
    selected = SelectSubset(config_.containers, arguments.only);
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
    context.Progress("starter: step=path note=\"" + path.explanation + "\"");
  }
  if (arguments.dry_run) {
    result.exit_code = kExitReady;
    result.summary = PlanText(levels, selected, path, arguments.json);
    return result;
  }

  RunReport report;
  report.started_at = UnixNow();
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
  const std::string preflight_error =
      RunPreflight(context, config_, podman, deadline);
  if (!preflight_error.empty()) {
    context.Progress("starter: step=preflight result=failed note=\"" +
                     preflight_error + "\"");
    report.exit_code = kExitPreflight;
    report.outcome = kOutcomePreflightFailed;
    report.message = "preflight failed: " + preflight_error;
    for (const auto& spec : selected) {
      ContainerReport container;
      container.name = spec.name;
      container.required = spec.required;
      container.result = ContainerResult::kNotRun;
      report.containers.push_back(container);
    }
  } else {
    StackStarter starter(context, config_, podman, deadline);
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
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, " (%.1f s)", report.duration_seconds);
  report.message += seconds;

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
  context.Progress(
      "starter: step=done exit_code=" + std::to_string(report.exit_code) +
      " note=\"" + report.message + "\"");
  result.exit_code = report.exit_code;
  result.details_json = report_json;
  result.summary = arguments.json ? report_json : FormatTable(report);
  if (!arguments.json && path.reordered) {
    result.summary = path.explanation + "\n" + result.summary;
  }
  return result;
}

}  // namespace stackprobe::starter
