// SPDX-License-Identifier: Apache-2.0
//
// Runs every rootless preflight check for one user and one PATH.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_CHECKS_H_
#define STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "check.h"
#include "options.h"
#include "stackprobe/plugin.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// The checks could not start: the user does not exist or the unit file
/// cannot be read. The message says which and why.
class TargetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Everything one run found. Plain data.
struct RootlessReport {
  UserIdentity user;
  std::string path;         ///< The PATH as given (config, unit, env).
  std::string path_source;  ///< Where it came from, for people.
  std::string podman_path;  ///< The PATH podman gets (see path_repair.h).
  bool path_repair = true;  ///< podman_path is the starter's repair.
  /// The given PATH would make podman fail and the repair makes it work.
  bool path_repaired = false;
  std::vector<Check> checks;     ///< In AllCheckIds() order.
  std::size_t path_entries = 0;  ///< Absolute folders in the given PATH.
  std::optional<std::uint64_t> subuid_range_size;
  std::optional<std::uint64_t> subgid_range_size;
  std::optional<long long> max_user_namespaces;

  /// Number of checks with `status`.
  int Count(CheckStatus status) const;
};

/// Resolves the user and the PATH from `options` (and the PATH podman gets
/// from `stackprobe start` when options.repair_path), then runs every check.
/// Commands (unshare, podman info) go through `context`. Throws TargetError
/// when the user or the unit file cannot be resolved. Not bounded in time
/// except by the commands' timeouts (file checks are local and quick).
RootlessReport RunRootlessChecks(const RootlessOptions& options,
                                 HostContext& context);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_ROOTLESS_CHECKS_H_
