// SPDX-License-Identifier: Apache-2.0
#include "exec_probe.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

#include "json_output.h"
#include "nagios_output.h"
#include "perfdata.h"
#include "samples.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::exec {
namespace {

constexpr std::size_t kMaxMessageBytes = 200;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string FirstLine(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  text.remove_prefix(first);
  return std::string(text.substr(0, text.find('\n')));
}

std::string Seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", seconds);
  return text;
}

// The host's runner says why a command did not start in strerror words.
const char* ReasonNotStarted(const CommandResult& run) {
  if (Contains(run.error, "not found") || Contains(run.error, "No such file")) {
    return reason::kNotFound;
  }
  if (Contains(run.error, "Permission denied")) return reason::kPermission;
  return reason::kCommandFailed;
}

// The verdict of a check that exited, Monitoring Plugins style.
ProbeResult NagiosVerdict(const CommandResult& run, std::size_t max_metrics,
                          nlohmann::json& details) {
  const NagiosOutput output = SplitNagiosOutput(run.stdout_data);
  const State state = StateOfExitCode(run.exit_code);
  std::string message = output.message;
  if (message.empty()) message = FirstLine(run.stderr_data);
  if (state == State::kError && run.exit_code != 3) {
    message = "exit code " + std::to_string(run.exit_code) +
              (message.empty() ? "" : ": " + message);
  }
  if (message.empty()) message = "exit code " + std::to_string(run.exit_code);
  const char* reason_code = state == State::kUp      ? reason::kNone
                            : state == State::kError ? reason::kCommandFailed
                                                     : reason::kAssertion;
  ProbeResult result = MakeResult(
      state, reason_code, plugin_common::Clip(message, kMaxMessageBytes));
  const Perfdata perfdata = ParsePerfdata(output.perfdata, max_metrics);
  details["skipped_metrics"] =
      perfdata.skipped + AddPerfdataSamples(result, perfdata.items);
  return result;
}

// The verdict of a check that exited with its whole stdout, in JSON.
ProbeResult JsonVerdict(const CommandResult& run, std::size_t max_metrics,
                        nlohmann::json& details) {
  JsonCheckOutput output;
  std::string error;
  if (!ParseJsonOutput(run.stdout_data, max_metrics, output, error)) {
    return MakeResult(
        State::kError, reason::kBadBody,
        plugin_common::Clip("stdout (exit code " +
                                std::to_string(run.exit_code) + "): " + error,
                            kMaxMessageBytes));
  }
  ProbeResult result =
      MakeResult(output.state, output.reason,
                 plugin_common::Clip(output.message, kMaxMessageBytes));
  details["skipped_metrics"] =
      output.skipped_metrics + AddJsonMetricSamples(result, output.metrics);
  return result;
}

}  // namespace

ExecProbe::ExecProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  argv_ = config.Strings("command");
  env_.push_back("LC_ALL=C");
  for (const auto& [name, value] : config.StringMap("env")) {
    env_.push_back(name + "=" + value);
  }
  inherit_env_ = config.Boolean("inherit_env");
  json_output_ = config.String("output") == "json";
  max_output_bytes_ =
      static_cast<std::size_t>(config.Integer("max_output_bytes"));
  max_metrics_ = static_cast<std::size_t>(config.Integer("max_metrics"));
}

ProbeResult ExecProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("exec",
                                   [&] { return RunUnguarded(context); });
}

ProbeResult ExecProbe::RunUnguarded(ProbeContext& context) {
  CommandRequest request;
  request.argv = argv_;
  request.env = env_;
  request.inherit_env = inherit_env_;
  // One byte over the cap tells a cut output from one that fits exactly.
  request.max_output_bytes = max_output_bytes_ + 1;
  CommandResult run = context.RunCommand(request);

  const bool stdout_truncated = run.stdout_data.size() > max_output_bytes_;
  const bool truncated =
      stdout_truncated || run.stderr_data.size() > max_output_bytes_;
  if (stdout_truncated) {
    // Keep whole items only: a cut "time=0.1234s" must not read as 0.12.
    run.stdout_data.resize(max_output_bytes_);
    const auto space = run.stdout_data.find_last_of(" \t\n");
    run.stdout_data.resize(space == std::string::npos ? 0 : space);
  }
  nlohmann::json details{{"exit_code", run.exit_code},
                         {"duration_seconds", run.duration_seconds},
                         {"output_truncated", truncated}};
  if (!run.stderr_data.empty()) {
    details["stderr"] =
        plugin_common::Clip(FirstLine(run.stderr_data), kMaxMessageBytes);
  }

  ProbeResult result;
  if (run.timed_out) {
    result = MakeResult(State::kDown, reason::kTimeout,
                        "no verdict by the deadline: killed after " +
                            Seconds(run.duration_seconds) + " s");
  } else if (!run.started) {
    result = MakeResult(State::kError, ReasonNotStarted(run),
                        plugin_common::Clip(run.error, kMaxMessageBytes));
  } else if (run.term_signal != 0) {
    result = MakeResult(State::kError, reason::kCommandFailed,
                        "killed by signal " + std::to_string(run.term_signal));
  } else if (!json_output_) {
    result = NagiosVerdict(run, max_metrics_, details);
  } else if (stdout_truncated) {
    result = MakeResult(State::kError, reason::kBodyTooLarge,
                        "stdout exceeds max_output_bytes (" +
                            std::to_string(max_output_bytes_) + ")");
  } else {
    result = JsonVerdict(run, max_metrics_, details);
  }
  AddGauge(result, "exit_code",
           "Exit code of the check; -1 when it did not start or did not exit "
           "(killed by a signal or at the deadline)",
           run.exit_code);
  AddGauge(result, "output_truncated",
           "1 when stdout or stderr of the check exceeded max_output_bytes "
           "(the rest was dropped), else 0",
           truncated ? 1 : 0);
  result.details_json =
      details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::exec
