// SPDX-License-Identifier: Apache-2.0
//
// The PATH podman gets from `stackprobe start`, and the rule that makes it:
// podman runs the first newuidmap/newgidmap in PATH when it sets up a
// rootless user namespace, and they only work when they are setuid/setgid
// root (on NixOS /run/wrappers/bin holds the setuid wrappers while
// /run/current-system/sw/bin holds plain copies). The starter applies the
// rule; the rootless probe and the doctor judge the PATH it produces.
#ifndef STACKPROBE_PLUGIN_COMMON_PODMAN_PATH_H_
#define STACKPROBE_PLUGIN_COMMON_PODMAN_PATH_H_

#include <string>
#include <vector>

namespace stackprobe::plugin_common {

/// The PATH to give podman and why it differs from the input. Plain data.
struct SanitizedPath {
  std::string path;  ///< Joined folders, ready for PATH=.
  /// True when a setuid folder was moved (or added) before the first folder
  /// holding a newuidmap or newgidmap that is not itself such a folder: the
  /// reordering changes which newuidmap/newgidmap podman runs.
  bool reordered = false;
  /// Folders holding setuid-root newuidmap and set[ug]id-root newgidmap,
  /// in the order they were put first.
  std::vector<std::string> setuid_folders;
  /// One line saying what was reordered and why; empty when nothing was.
  std::string explanation;
};

/// True when `folder` holds a newuidmap that is a regular, executable,
/// root-owned, setuid file and a newgidmap that is root-owned with setgid
/// or setuid, neither on a nosuid mount. Reads the file system; thread-safe.
bool HoldsSetuidIdMaps(const std::string& folder);

/// Splits `base` (a PATH value), drops empty and relative entries and
/// duplicates (a trailing slash does not make a folder different), then puts
/// first every folder that HoldsSetuidIdMaps: the `setuid_dirs` (also when
/// missing from `base`) followed by such folders found in `base`, in order.
/// Reads the file system; thread-safe.
SanitizedPath SanitizePath(const std::string& base,
                           const std::vector<std::string>& setuid_dirs);

/// The first `folder/name` in `path` (a PATH value) that is a regular file
/// this process may execute, or empty. Relative and empty entries are
/// skipped. The starter picks podman this way from the PATH as given, before
/// setuid folders move first, so reordering never changes which podman runs.
/// Reads the file system; thread-safe.
std::string FindProgram(const std::string& name, const std::string& path);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_PODMAN_PATH_H_
