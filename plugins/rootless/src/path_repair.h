// SPDX-License-Identifier: Apache-2.0
//
// The PATH podman really gets: `stackprobe start` puts folders with
// setuid-root newuidmap/newgidmap first (plugin_common/podman_path.h). A
// wrong PATH that this repairs is a warning that names the repair; only what
// it cannot repair is a failure.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_PATH_REPAIR_H_
#define STACKPROBE_PLUGINS_ROOTLESS_PATH_REPAIR_H_

#include <string>
#include <vector>

#include "check.h"
#include "idmap_check.h"
#include "path_fix.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// The PATH as given (by the config, the unit or the environment) and the
/// PATH podman gets from `stackprobe start`. Plain data.
struct PodmanPaths {
  std::vector<std::string> given;  ///< Absolute folders of the given PATH.
  /// Folders podman gets: the starter's rule applied to `given` (setuid
  /// folders first); equal to `given` when the repair is off.
  std::vector<std::string> podman;
  std::string podman_path;               ///< `podman` joined, ready for PATH=.
  bool repair = true;                    ///< The starter's rule was applied.
  std::vector<std::string> setuid_dirs;  ///< The starter's setuid_dirs.
  /// Folders the starter puts first (setuid-root newuidmap and newgidmap).
  std::vector<std::string> setuid_folders;
  /// The starter's one-line account of the reordering ("PATH reordered:
  /// ..."); empty when it changes nothing podman runs.
  std::string repair_note;
};

/// Computes both PATHs from `given_path`. With `repair` false, `podman` is
/// the given PATH (podman run by hand with it). Reads the file system.
PodmanPaths ResolvePodmanPaths(const std::string& given_path, bool repair,
                               const std::vector<std::string>& setuid_dirs);

/// Judges `tool` for the PATH podman gets: ok when its first `tool` works
/// (and the given PATH's too); warn when only the repair makes it work (the
/// title names the repair, the fixes give the unit that PATH for good);
/// fail when podman's first `tool` cannot map IDs (the evidence says why the
/// starter cannot repair it). `repaired` becomes true for the warning.
/// Thread-safe.
Check JudgeIdMapTool(IdMapTool tool, const PodmanPaths& paths,
                     const std::vector<std::string>& search_dirs,
                     const UserIdentity& user, const UnitRef& unit,
                     bool& repaired);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_PATH_REPAIR_H_
