// SPDX-License-Identifier: Apache-2.0
//
// Where stackprobe may write a file it is told to write (the legacy
// ai_metrics.json, the starter's state file): never into the system's own
// folders, and never over a file that is no regular file or that another
// user owns. stackprobe often runs as root, where the operating system stops
// none of this. The host applies the rule to every write; sinks also apply it
// when they are created, so a bad path is a config error. Header-only, for
// the core and plugins.
#ifndef STACKPROBE_SDK_OUTPUT_PATH_H_
#define STACKPROBE_SDK_OUTPUT_PATH_H_

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace stackprobe::sdk {

/// The system folders no output file goes into (and "/lib*": /lib, /lib64,
/// /libx32, ...), as said in refusals. /dev/shm, a scratch tmpfs like /tmp,
/// is not one of them.
inline constexpr std::string_view kSystemFolderWords =
    "/etc, /usr, /bin, /sbin, /lib*, /boot, /proc, /sys, /dev";

/// The system folder ("/etc", "/lib64") that `real_folder` (absolute, with
/// symbolic links resolved) is or lies in; "" when none. Pure.
inline std::string SystemFolderOf(std::string_view real_folder) {
  if (real_folder.empty() || real_folder.front() != '/') return "";
  const std::string_view rest = real_folder.substr(1);
  const std::string_view top = rest.substr(0, rest.find('/'));
  if (top == "dev" && (rest == "dev/shm" || rest.substr(0, 8) == "dev/shm/")) {
    return "";
  }
  static constexpr std::array<std::string_view, 8> kFolders = {
      "etc", "usr", "bin", "sbin", "boot", "proc", "sys", "dev"};
  for (const std::string_view folder : kFolders) {
    if (top == folder) return "/" + std::string(top);
  }
  if (top.substr(0, 3) == "lib") return "/" + std::string(top);
  return "";
}

/// What kind of file `mode` (st_mode) is, for messages: "a symbolic link".
inline std::string FileKindOf(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "an unknown kind of file";
}

/// Why the existing file `facts` (from lstat: a link is not followed) must
/// not be replaced by the user `euid`: it is no regular file, or another user
/// owns it. nullopt when it may be replaced. Pure.
inline std::optional<std::string> ReplaceRefusal(const struct stat& facts,
                                                 uid_t euid) {
  const std::string expected = "expected a new file or a regular file of uid " +
                               std::to_string(euid) + " to replace, got ";
  if (!S_ISREG(facts.st_mode)) return expected + FileKindOf(facts.st_mode);
  if (facts.st_uid != euid) {
    return expected + "a file of uid " + std::to_string(facts.st_uid);
  }
  return std::nullopt;
}

/// Why the output file `path`, whose folder really is `real_folder`
/// (absolute, symbolic links resolved), must not be written: that folder is
/// in a system folder. nullopt when it may be. Pure.
inline std::optional<std::string> FolderRefusal(const std::string& path,
                                                std::string_view real_folder) {
  const std::string system = SystemFolderOf(real_folder);
  if (system.empty()) return std::nullopt;
  return "expected a path outside the system folders (" +
         std::string(kSystemFolderWords) + "), got \"" + path +
         "\", which is in " + system;
}

/// Why `path` must not be written as an output file by this process, as
/// things are now: its folder (symbolic links resolved as far as it exists)
/// is in a system folder, or `path` exists and may not be replaced
/// (ReplaceRefusal with the effective uid). nullopt when it may be written.
/// For checking a configured path at create time; the host checks again at
/// every write. Thread-safe.
inline std::optional<std::string> OutputPathRefusal(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) return "expected a usable path, got \"" + path + "\"";
  const std::filesystem::path folder =
      std::filesystem::weakly_canonical(absolute.parent_path(), ec);
  if (ec) return "expected a usable path, got \"" + path + "\"";
  if (auto refusal = FolderRefusal(path, folder.string())) return refusal;
  struct stat facts {};
  if (::lstat(path.c_str(), &facts) != 0) return std::nullopt;
  return ReplaceRefusal(facts, ::geteuid());
}

}  // namespace stackprobe::sdk

#endif  // STACKPROBE_SDK_OUTPUT_PATH_H_
