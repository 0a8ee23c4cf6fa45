// SPDX-License-Identifier: Apache-2.0
//
// What the kernel will do when a user executes a file: its type, mode,
// owner, file capabilities and the nosuid flag of the mount it lives on.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_FILE_FACTS_H_
#define STACKPROBE_PLUGINS_ROOTLESS_FILE_FACTS_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "user_identity.h"

namespace stackprobe::rootless {

/// Capability numbers from linux/capability.h.
inline constexpr int kCapSetgid = 6;
inline constexpr int kCapSetuid = 7;

/// File capabilities decoded from the security.capability xattr.
struct FileCapabilities {
  std::uint64_t permitted = 0;  ///< Bit N set: capability N permitted.
  bool effective = false;       ///< The effective flag (raised at exec).
  /// True when the process gets `capability` at exec (permitted + effective).
  bool Grants(int capability) const;
};

/// Decodes a security.capability value (struct vfs_cap_data, revisions 1-3,
/// little endian). nullopt for a value that is too short or of unknown
/// revision. Thread-safe.
std::optional<FileCapabilities> DecodeFileCapabilities(std::string_view raw);

/// The facts about one path (symbolic links followed, as exec does).
struct FileFacts {
  std::string path;
  bool exists = false;
  std::string stat_error;  ///< strerror text when stat failed.
  bool regular = false;
  mode_t mode = 0;  ///< st_mode.
  uid_t uid = 0;
  gid_t gid = 0;
  bool nosuid_mount = false;                     ///< statvfs reports ST_NOSUID.
  std::optional<FileCapabilities> capabilities;  ///< nullopt: no xattr.
};

/// Reads the facts of `path`. Never throws. Thread-safe.
FileFacts InspectFile(const std::string& path);

/// True for a regular file with any execute bit: what Go's exec.LookPath (and
/// so podman) accepts as a match in PATH.
bool IsPathMatch(const FileFacts& facts);

/// True when `user` may execute the file by its mode bits (root: any x bit).
bool UserCanExecute(const FileFacts& facts, const UserIdentity& user);

/// ls-style mode text, e.g. "-r-s--x--x". Thread-safe.
std::string ModeString(mode_t mode);

/// One line for people: "PATH: -r-xr-xr-x owner 0:0, no file capabilities,
/// mount allows setuid". Thread-safe.
std::string DescribeFile(const FileFacts& facts);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_FILE_FACTS_H_
