// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/podman_path.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>

namespace stackprobe::plugin_common {
namespace {

bool IsSetIdRootExecutable(const std::string& file, mode_t needed_bits) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  if (info.st_uid != 0 || (info.st_mode & needed_bits) == 0) return false;
  if ((info.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) return false;
  // The kernel ignores set-id bits on a nosuid mount.
  struct statvfs fs {};
  if (::statvfs(file.c_str(), &fs) == 0 && (fs.f_flag & ST_NOSUID) != 0) {
    return false;
  }
  return true;
}

bool FolderHasFile(const std::string& folder, const char* name) {
  return ::access((folder + "/" + name).c_str(), F_OK) == 0;
}

std::string JoinFolders(const std::vector<std::string>& folders) {
  std::string out;
  for (const auto& folder : folders) {
    if (!out.empty()) out += ':';
    out += folder;
  }
  return out;
}

std::string WithoutTrailingSlash(std::string folder) {
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  return folder;
}

// The first folder holding either tool: the one whose newuidmap/newgidmap
// podman runs.
std::string FirstIdMapFolder(const std::vector<std::string>& folders) {
  for (const auto& folder : folders) {
    if (FolderHasFile(folder, "newuidmap") ||
        FolderHasFile(folder, "newgidmap")) {
      return folder;
    }
  }
  return "";
}

}  // namespace

std::string FindProgram(const std::string& name, const std::string& path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const std::string folder = path.substr(start, end - start);
    start = end + 1;
    if (folder.empty() || folder.front() != '/') continue;
    const std::string candidate = folder + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return "";
}

bool HoldsSetuidIdMaps(const std::string& folder) {
  return IsSetIdRootExecutable(folder + "/newuidmap", S_ISUID) &&
         IsSetIdRootExecutable(folder + "/newgidmap", S_ISUID | S_ISGID);
}

SanitizedPath SanitizePath(const std::string& base,
                           const std::vector<std::string>& setuid_dirs) {
  std::vector<std::string> folders;
  std::size_t start = 0;
  while (start <= base.size()) {
    std::size_t end = base.find(':', start);
    if (end == std::string::npos) end = base.size();
    std::string folder = WithoutTrailingSlash(base.substr(start, end - start));
    start = end + 1;
    if (folder.empty() || folder.front() != '/') continue;
    if (std::find(folders.begin(), folders.end(), folder) == folders.end()) {
      folders.push_back(folder);
    }
  }

  SanitizedPath out;
  auto add_setuid = [&out](const std::string& folder) {
    if (std::find(out.setuid_folders.begin(), out.setuid_folders.end(),
                  folder) == out.setuid_folders.end() &&
        HoldsSetuidIdMaps(folder)) {
      out.setuid_folders.push_back(folder);
    }
  };
  for (const auto& dir : setuid_dirs) {
    if (!dir.empty() && dir.front() == '/') {
      add_setuid(WithoutTrailingSlash(dir));
    }
  }
  for (const auto& folder : folders) add_setuid(folder);

  std::vector<std::string> result = out.setuid_folders;
  for (const auto& folder : folders) {
    if (std::find(result.begin(), result.end(), folder) == result.end()) {
      result.push_back(folder);
    }
  }
  out.path = JoinFolders(result);

  // Reordered matters only when it changes which newuidmap/newgidmap podman
  // finds.
  const std::string before = FirstIdMapFolder(folders);
  const std::string after = FirstIdMapFolder(result);
  if (!after.empty() && before != after &&
      (before.empty() || !HoldsSetuidIdMaps(before))) {
    out.reordered = true;
    out.explanation =
        before.empty()
            ? "PATH had no newuidmap/newgidmap; added " + after +
                  " first (setuid-root newuidmap and newgidmap)"
            : "PATH reordered: " + after +
                  " first because its newuidmap/newgidmap are setuid-root "
                  "and those in " +
                  before + ", which came first, are not";
  }
  return out;
}

}  // namespace stackprobe::plugin_common
