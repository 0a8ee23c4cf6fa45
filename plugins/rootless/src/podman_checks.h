// SPDX-License-Identifier: Apache-2.0
//
// podman's own view of the rootless setup (`podman info --format json`):
// rootless mode, the ID mappings it applied and the storage driver.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_PODMAN_CHECKS_H_
#define STACKPROBE_PLUGINS_ROOTLESS_PODMAN_CHECKS_H_

#include <chrono>
#include <string>
#include <vector>

#include "check.h"
#include "stackprobe/plugin.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// Turns the output of `podman info --format json` into the checks
/// "podman_info" (rootless mode), "podman_id_mappings" (a single-ID mapping
/// fails: the subordinate ranges were not applied) and
/// "podman_storage_driver" ("vfs" warns: slow, disk-hungry). Invalid,
/// truncated or deeper-than-64 JSON fails "podman_info" and skips the
/// others. Thread-safe.
std::vector<Check> ChecksFromPodmanInfo(const std::string& info_json,
                                        const UserIdentity& user);

/// The three podman checks as "skipped" with `why` as the title.
std::vector<Check> SkippedPodmanChecks(const std::string& why);

/// The line of podman's stderr that names its failure: the last "Error: ..."
/// line, else the last logged error (podman 4.x logs `level=error msg="..."`;
/// warnings such as `"/" is not a shared mount` come first and are
/// harmless), else the first line that is no log line, else the first line.
/// A log line loses its time= field; at most 500 bytes. Thread-safe.
std::string PodmanErrorLine(const std::string& stderr_data);

/// Everything the podman checks need to run podman.
struct PodmanRun {
  std::string podman;       ///< Absolute path of podman (found in PATH).
  std::string path;         ///< PATH for podman (it looks up newuidmap there).
  std::string home;         ///< HOME of the user.
  std::string runtime_dir;  ///< XDG_RUNTIME_DIR; empty leaves it unset.
  std::chrono::milliseconds timeout{20000};
};

/// Runs `podman info --format json` through `context` and evaluates it. A
/// failure fails "podman_info" with podman's error line (PodmanErrorLine) in
/// its evidence and skips the others.
std::vector<Check> RunPodmanChecks(const PodmanRun& run,
                                   const UserIdentity& user,
                                   HostContext& context);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_PODMAN_CHECKS_H_
