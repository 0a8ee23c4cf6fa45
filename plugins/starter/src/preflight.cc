// SPDX-License-Identifier: Apache-2.0
#include "preflight.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::starter {
namespace {

constexpr std::size_t kMaxCheckList = 600;

// Appends "id: title" to a "; "-joined list, stopping at kMaxCheckList.
void AppendCheck(std::string& list, const nlohmann::json& check) {
  if (list.size() >= kMaxCheckList) return;
  const std::string item = check.value("id", std::string("?")) + ": " +
                           check.value("title", std::string());
  if (!list.empty()) list += "; ";
  list += item;
  if (list.size() > kMaxCheckList) {
    list.resize(kMaxCheckList);
    list += "...";
  }
}

std::string PreflightProbeOutcome(ActionContext& context,
                                  const StarterConfig& config,
                                  const std::string& podman_path) {
  const std::string& name = config.preflight_probe;
  context.Progress("starter:" + sdk::LogfmtField("step", "preflight") +
                   sdk::LogfmtField("probe", name));
  ProbeRecord record;
  if (!context.RunProbeNow(name, record)) {
    return "preflight probe " + name +
           " is not configured (add a rootless probe of that name or drop "
           "preflight_probe)";
  }
  const PreflightProbeVerdict verdict =
      ReadPreflightDetails(record.result.details_json);
  std::string mismatch;
  if (!podman_path.empty() && !verdict.judged_path.empty() &&
      verdict.judged_path != podman_path) {
    mismatch = "; the probe judged PATH " + verdict.judged_path +
               " but podman gets " + podman_path +
               " (give the probe the starter's path and setuid_dirs)";
    context.Progress(
        "starter:" + sdk::LogfmtField("step", "preflight") +
        sdk::LogfmtField("probe", name) +
        sdk::LogfmtField("note", "judged PATH " + verdict.judged_path +
                                     ", podman gets " + podman_path));
  }
  const State state = record.result.state;
  if (state == State::kUp) return "";
  if (state == State::kDegraded) {
    context.Progress(
        "starter:" + sdk::LogfmtField("step", "preflight") +
        sdk::LogfmtField("probe", name) +
        sdk::LogfmtField("result", "degraded") +
        sdk::LogfmtField(
            "note", record.result.message + (verdict.warnings.empty()
                                                 ? std::string()
                                                 : ": " + verdict.warnings)));
    return "";
  }
  return "preflight probe " + name + " is " + std::string(StateName(state)) +
         ": " + record.result.message +
         (verdict.failures.empty() ? "" : ": " + verdict.failures) + mismatch +
         " (run `stackprobe doctor` for the evidence and the fix)";
}

}  // namespace

bool IsStaleBootId(const std::string& podman_stderr) {
  return podman_stderr.find("current system boot ID differs") !=
         std::string::npos;
}

PreflightProbeVerdict ReadPreflightDetails(const std::string& details_json) {
  PreflightProbeVerdict verdict;
  const nlohmann::json details =
      nlohmann::json::parse(details_json, nullptr, /*allow_exceptions=*/false);
  if (!details.is_object()) return verdict;
  for (const char* key : {"podman_path", "path"}) {
    const auto found = details.find(key);
    if (found != details.end() && found->is_string()) {
      verdict.judged_path = found->get<std::string>();
      break;
    }
  }
  const auto checks = details.find("checks");
  if (checks == details.end() || !checks->is_array()) return verdict;
  for (const nlohmann::json& check : *checks) {
    if (!check.is_object()) continue;
    const auto status = check.find("status");
    if (status == check.end() || !status->is_string()) continue;
    if (*status == "fail") AppendCheck(verdict.failures, check);
    if (*status == "warn") AppendCheck(verdict.warnings, check);
  }
  return verdict;
}

std::string RunPreflight(ActionContext& context, const StarterConfig& config,
                         const PodmanClient& podman,
                         std::chrono::steady_clock::time_point deadline,
                         const std::string& podman_path) {
  if (!config.preflight_probe.empty()) {
    const std::string failure =
        PreflightProbeOutcome(context, config, podman_path);
    if (!failure.empty()) return failure;
  }
  std::string last_error;
  for (int attempt = 1; attempt <= config.podman_info_retries; ++attempt) {
    const CommandResult result = podman.Run({"info", "--format", "json"});
    if (result.started && result.exit_code == 0) {
      if (attempt > 1) {
        context.Progress("starter:" + sdk::LogfmtField("step", "podman_info") +
                         sdk::LogfmtField("attempt", std::to_string(attempt)) +
                         sdk::LogfmtField("result", "ok"));
      }
      return "";
    }
    if (IsStaleBootId(result.stderr_data)) {
      return "podman's runtime state is from an earlier boot (\"current "
             "system boot ID differs\"); fix: run `podman system migrate` as "
             "this user, or remove the stale runtime folder named in podman's "
             "message (/tmp/podman-run-UID or $XDG_RUNTIME_DIR/libpod), or "
             "reboot";
    }
    last_error = DescribeFailure(result);
    if (!result.started) break;  // Not found: retrying cannot help.
    context.Progress(
        "starter:" + sdk::LogfmtField("step", "podman_info") +
        sdk::LogfmtField("attempt",
                         std::to_string(attempt) + "/" +
                             std::to_string(config.podman_info_retries)) +
        sdk::LogfmtField("result", "unavailable") +
        sdk::LogfmtField("note", last_error));
    if (attempt == config.podman_info_retries || context.Cancelled()) break;
    const auto next =
        std::chrono::steady_clock::now() + config.podman_info_interval;
    if (next >= deadline) break;
    std::this_thread::sleep_until(next);
  }
  return "podman is unavailable: " + last_error;
}

}  // namespace stackprobe::starter
