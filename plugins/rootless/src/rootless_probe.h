// SPDX-License-Identifier: Apache-2.0
//
// The `rootless` probe: can rootless podman containers of a user start?
#ifndef STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_PROBE_H_
#define STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_PROBE_H_

#include <string>

#include "options.h"
#include "stackprobe/plugin.h"

namespace stackprobe::rootless {

/// Extra reason of both plugins: a fail-level check failed (down) or a
/// warn-level one warned (degraded).
inline constexpr const char* kReasonPreflight = "rootless_preflight";

/// Runs every check and reports: down (reason rootless_preflight) when any
/// check fails, degraded when any warns, up otherwise; not_found when the
/// user or unit file is gone. Samples: check_status StateSet per check,
/// path_entries, subuid/subgid_range_size, max_user_namespaces.
/// One object is never run concurrently (host guarantee); objects are
/// independent.
class RootlessProbe final : public Probe {
 public:
  /// Parses the config (see options.h); throws std::invalid_argument with
  /// "key: ..." for a bad one (including an unknown user).
  explicit RootlessProbe(const std::string& config_json);

  /// Never throws: a bug becomes state error, reason plugin_error.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnguarded(ProbeContext& context) const;

  RootlessOptions options_;
};

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_PROBE_H_
