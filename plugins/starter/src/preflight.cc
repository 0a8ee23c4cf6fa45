// SPDX-License-Identifier: Apache-2.0
#include "preflight.h"

#include <thread>

namespace stackprobe::starter {

bool IsStaleBootId(const std::string& podman_stderr) {
  return podman_stderr.find("current system boot ID differs") !=
         std::string::npos;
}

std::string RunPreflight(ActionContext& context, const StarterConfig& config,
                         const PodmanClient& podman,
                         std::chrono::steady_clock::time_point deadline) {
  if (!config.preflight_probe.empty()) {
    context.Progress("starter: step=preflight probe=" + config.preflight_probe);
    ProbeRecord record;
    if (!context.RunProbeNow(config.preflight_probe, record)) {
      return "preflight probe " + config.preflight_probe +
             " is not configured (add a rootless probe of that name or drop "
             "preflight_probe)";
    }
    const State state = record.result.state;
    if (state != State::kUp && state != State::kDegraded) {
      return "preflight probe " + config.preflight_probe + " is " +
             std::string(StateName(state)) + ": " + record.result.message +
             " (run `stackprobe doctor` for the fix)";
    }
  }
  std::string last_error;
  for (int attempt = 1; attempt <= config.podman_info_retries; ++attempt) {
    const CommandResult result = podman.Run({"info", "--format", "json"});
    if (result.started && result.exit_code == 0) {
      if (attempt > 1) {
        context.Progress("starter: step=podman_info attempt=" +
                         std::to_string(attempt) + " result=ok");
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
        "starter: step=podman_info attempt=" + std::to_string(attempt) + "/" +
        std::to_string(config.podman_info_retries) +
        " result=unavailable note=\"" + last_error + "\"");
    if (attempt == config.podman_info_retries || context.Cancelled()) break;
    const auto next =
        std::chrono::steady_clock::now() + config.podman_info_interval;
    if (next >= deadline) break;
    std::this_thread::sleep_until(next);
  }
  return "podman is unavailable: " + last_error;
}

}  // namespace stackprobe::starter
