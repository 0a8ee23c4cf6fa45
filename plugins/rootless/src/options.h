// SPDX-License-Identifier: Apache-2.0
//
// The configuration shared by the rootless probe and the doctor action.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_OPTIONS_H_
#define STACKPROBE_PLUGINS_ROOTLESS_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace stackprobe::rootless {

/// Every config key (see README.md; the defaults are the schema's,
/// schema.h). Plain data.
struct RootlessOptions {
  std::string user;       ///< Name or uid; empty: the running user.
  std::string path;       ///< PATH to check; empty: unit_file or environment.
  std::string unit_file;  ///< systemd unit whose Environment= gives PATH.
  std::string subuid_file;
  std::string subgid_file;
  std::string passwd_file;  ///< Empty: the system user database.
  std::string proc_sys_dir;
  std::string linger_dir;
  std::string xdg_runtime_dir;  ///< Empty: from the unit/environment/run/user.
  std::uint64_t min_range = 0;
  bool unshare_trial = false;
  bool podman_info = false;
  /// Judge the PATH `stackprobe start` gives podman (setuid folders first);
  /// false: the PATH exactly as given (podman run by hand with it).
  bool repair_path = false;
  /// The starter's setuid_dirs: folders it puts first when they hold
  /// setuid-root newuidmap and newgidmap. Keep both configs equal.
  std::vector<std::string> setuid_dirs;
  /// Where a working newuidmap may live outside PATH (named in the fix).
  std::vector<std::string> search_dirs;
  /// podman's libexec folders: conmon and slirp4netns may live there.
  std::vector<std::string> libexec_dirs;
  std::chrono::milliseconds command_timeout{0};
};

/// Reads the config the host passes (validated against kConfigSchema,
/// every default filled in). Throws std::invalid_argument ("key: expected
/// ..., got ...") for what the schema cannot say: both path and unit_file
/// set, a command_timeout of zero. Thread-safe.
RootlessOptions ParseOptions(const std::string& config_json);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_OPTIONS_H_
