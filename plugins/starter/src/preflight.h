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

/// Runs the preflight checks. Returns an empty string when podman is usable,
/// else one line saying what failed and how to fix it. A stale runtime
/// after a reboot is reported at once, not retried. Waits between retries
/// (podman_info_interval), never past `deadline`.
std::string RunPreflight(ActionContext& context, const StarterConfig& config,
                         const PodmanClient& podman,
                         std::chrono::steady_clock::time_point deadline);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PREFLIGHT_H_
