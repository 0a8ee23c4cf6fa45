// SPDX-License-Identifier: Apache-2.0
#include "loader/file_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace stackprobe::loader {
namespace {

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::optional<std::string> CheckOwnerAndMode(const struct stat& info,
                                             const std::string& what) {
  const uid_t me = geteuid();
  if (info.st_uid != 0 && info.st_uid != me) {
    return what + " is owned by uid " + std::to_string(info.st_uid) +
           ", not by root or the running user (uid " + std::to_string(me) + ")";
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return what + " is writable by group or others (mode " +
           Octal(info.st_mode) + ")";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> UntrustedBecause(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    return "cannot stat: " + std::string(std::strerror(errno));
  }
  if (S_ISLNK(info.st_mode)) {
    // Follow the link, but judge the real file and its folder.
    std::error_code ec;
    const auto target = std::filesystem::canonical(path, ec);
    if (ec) {
      return "broken symbolic link";
    }
    return UntrustedBecause(target.string());
  }
  if (!S_ISREG(info.st_mode)) {
    return "not a regular file";
  }
  if (auto problem = CheckOwnerAndMode(info, "the file")) {
    return problem;
  }
  const std::string folder = std::filesystem::path(path).parent_path().string();
  struct stat folder_info {};
  if (stat(folder.empty() ? "." : folder.c_str(), &folder_info) != 0) {
    return "cannot stat its folder: " + std::string(std::strerror(errno));
  }
  // A folder others can write lets them swap the file, unless it is sticky
  // and the file is ours (as in /tmp), which rename cannot defeat.
  const bool sticky = (folder_info.st_mode & S_ISVTX) != 0;
  if (!sticky) {
    if (auto problem = CheckOwnerAndMode(folder_info, "its folder " + folder)) {
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace stackprobe::loader
