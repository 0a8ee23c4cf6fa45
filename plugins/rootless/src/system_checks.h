// SPDX-License-Identifier: Apache-2.0
//
// Host-level rootless prerequisites: user namespaces, the podman companion
// binaries, the runtime folder and lingering.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_SYSTEM_CHECKS_H_
#define STACKPROBE_PLUGINS_ROOTLESS_SYSTEM_CHECKS_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "check.h"
#include "stackprobe/plugin.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// The user_namespaces check plus the value read, for a metric.
struct UserNamespaceOutcome {
  Check check;
  std::optional<long long> max_user_namespaces;  ///< nullopt: unreadable.
};

/// Reads `proc_sys_dir`/user/max_user_namespaces (must be > 0) and, where it
/// exists, `proc_sys_dir`/kernel/unprivileged_userns_clone (must be 1).
/// Check id "user_namespaces". Thread-safe.
UserNamespaceOutcome CheckUserNamespaces(const std::string& proc_sys_dir);

/// Runs `unshare --user --map-root-user true` through `context` as this
/// process (the host's PATH) when `enabled`, else a skipped check. Check id
/// "unshare_trial".
Check CheckUnshareTrial(bool enabled, HostContext& context,
                        std::chrono::milliseconds timeout);

/// Finds `podman` in PATH. Check id "podman_found". `found` receives the
/// path when there is one. Thread-safe.
Check CheckPodmanFound(const std::vector<std::string>& path_dirs,
                       std::string& found);

/// Finds conmon in PATH or `libexec_dirs` (podman's libexec folders).
/// Check id "conmon_found". Thread-safe.
Check CheckConmonFound(const std::vector<std::string>& path_dirs,
                       const std::vector<std::string>& libexec_dirs);

/// Finds slirp4netns or pasta in PATH or `libexec_dirs`. Check id
/// "slirp4netns_found". Thread-safe.
Check CheckNetworkTool(const std::vector<std::string>& path_dirs,
                       const std::vector<std::string>& libexec_dirs);

/// Checks that `runtime_dir` (the XDG_RUNTIME_DIR podman will get) is set,
/// is a folder and is owned by `user`; a warning otherwise (podman falls
/// back to /tmp/podman-run-UID, state lost at logout). `source` says
/// where the value came from, for the evidence. Check id "xdg_runtime_dir".
/// Thread-safe.
Check CheckRuntimeDir(const std::string& runtime_dir, const std::string& source,
                      const UserIdentity& user);

/// Checks `linger_dir`/<user> exists (systemd starts the user manager at
/// boot); a warning otherwise. Check id "linger". Thread-safe.
Check CheckLinger(const std::string& linger_dir, const UserIdentity& user);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_SYSTEM_CHECKS_H_
