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

/// Every config key (see README.md). Plain data.
struct RootlessOptions {
  std::string user;       ///< Name or uid; empty: the running user.
  std::string path;       ///< PATH to check; empty: unit_file or environment.
  std::string unit_file;  ///< systemd unit whose Environment= gives PATH.
  std::string subuid_file = "/etc/subuid";
  std::string subgid_file = "/etc/subgid";
  std::string passwd_file;  ///< Empty: the system user database.
  std::string proc_sys_dir = "/proc/sys";
  std::string linger_dir = "/var/lib/systemd/linger";
  std::string xdg_runtime_dir;  ///< Empty: from the unit/environment/run/user.
  std::uint64_t min_range = 65536;
  bool unshare_trial = false;
  bool podman_info = true;
  /// Judge the PATH `stackprobe start` gives podman (setuid folders first);
  /// false: the PATH exactly as given (podman run by hand with it).
  bool repair_path = true;
  /// The starter's setuid_dirs: folders it puts first when they hold
  /// setuid-root newuidmap and newgidmap. Keep both configs equal.
  std::vector<std::string> setuid_dirs = {"/run/wrappers/bin"};
  /// Where a working newuidmap may live outside PATH (named in the fix).
  std::vector<std::string> search_dirs = {"/run/wrappers/bin", "/usr/bin",
                                          "/bin", "/usr/sbin"};
  /// podman's libexec folders: conmon and slirp4netns may live there.
  std::vector<std::string> libexec_dirs = {
      "/usr/libexec/podman", "/usr/lib/podman", "/usr/local/libexec/podman",
      "/usr/local/lib/podman"};
  std::chrono::milliseconds command_timeout{20000};
};

/// Reads a config object (JSON text, already validated against the schema;
/// missing keys keep the defaults above). Throws std::invalid_argument
/// ("key: expected ..., got ...") for what the schema cannot say: both path
/// and unit_file set, a bad duration. Thread-safe.
RootlessOptions ParseOptions(const std::string& config_json);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_OPTIONS_H_
