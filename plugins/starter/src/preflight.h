// SPDX-License-Identifier: Apache-2.0
//
// Before starting anything: the optional rootless preflight probe, then
// `podman info` with bounded retries.
#ifndef STACKPROBE_PLUGINS_STARTER_PREFLIGHT_H_
#define STACKPROBE_PLUGINS_STARTER_PREFLIGHT_H_

#include <chrono>
#include <string>

#include "podman_client.h"
#include "stackprobe/plugin.h"
#include "starter_config.h"

namespace stackprobe::starter {

/// True when podman's stderr says its runtime state predates this boot.
bool IsStaleBootId(const std::string& podman_stderr);

/// What the preflight probe's result says, for the starter's messages.
struct PreflightProbeVerdict {
  /// The PATH the probe judged for podman (details "podman_path", else
  /// "path"); empty when the details do not say.
  std::string judged_path;
  /// "id: title" of each failing check, "; "-joined, at most ~600 bytes.
  std::string failures;
  /// "id: title" of each warning (the repaired PATH among them), likewise.
  std::string warnings;
};

/// Reads a rootless probe's details JSON. Anything else (another plugin's
/// details, invalid JSON) gives an empty verdict. Never throws.
PreflightProbeVerdict ReadPreflightDetails(const std::string& details_json);

/// Runs the preflight checks. Returns an empty string when podman is usable,
/// else one line saying what failed and how to fix it.
///
/// The preflight probe (config.preflight_probe, a `rootless` probe) runs
/// first: up goes on; degraded goes on with a progress line naming the
/// warnings (e.g. a unit PATH that the starter repairs); anything else stops
/// the start with the probe's message and its failing checks. `podman_path`
/// is the PATH podman gets (the sanitized PATH); when it is given and the
/// probe judged another PATH, both messages say so (the probe's `path` or
/// `setuid_dirs` differ from the starter's). Then `podman info`: a stale
/// runtime after a reboot is reported at once, not retried; other failures
/// are retried (podman_info_interval apart), never past `deadline`.
std::string RunPreflight(ActionContext& context, const StarterConfig& config,
                         const PodmanClient& podman,
                         std::chrono::steady_clock::time_point deadline,
                         const std::string& podman_path = "");

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PREFLIGHT_H_
