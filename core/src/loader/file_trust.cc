// SPDX-License-Identifier: Apache-2.0
#include "loader/file_trust.h"

#include <fcntl.h>
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

std::string Errno(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

}  // namespace

std::optional<std::string> UntrustedBecause(int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    return Errno("cannot stat");
  }
  if (!S_ISREG(info.st_mode)) {
    return "not a regular file";
  }
  return CheckOwnerAndMode(info, "the file");
}

std::optional<std::string> UntrustedFolderBecause(int fd,
                                                  const std::string& folder) {
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    return Errno("cannot stat its folder");
  }
  auto problem = CheckOwnerAndMode(info, "its folder " + folder);
  // The sticky bit stops others from renaming over our file, but not from
  // planting their own file or link under a name we have yet to open.
  if (problem && (info.st_mode & S_ISVTX) != 0) {
    *problem += ", sticky or not";
  }
  return problem;
}

int OpenTrusted(const std::string& path, std::string& why) {
  const std::filesystem::path file(path);
  std::string folder = file.parent_path().string();
  if (folder.empty()) {
    folder = ".";
  }
  const int folder_fd =
      open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd < 0) {
    why = Errno("cannot open its folder");
    return -1;
  }
  if (auto problem = UntrustedFolderBecause(folder_fd, folder)) {
    close(folder_fd);
    why = *problem;
    return -1;
  }
  // Opened relative to the folder just checked, so the file and the folder
  // judged are the ones in use.
  const int fd = openat(folder_fd, file.filename().c_str(),
                        O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  const int open_errno = errno;
  close(folder_fd);
  if (fd < 0) {
    errno = open_errno;
    why = errno == ELOOP ? "a symbolic link (plugins are loaded only from "
                           "the file itself, never through a link)"
                         : Errno("cannot open");
    return -1;
  }
  if (auto problem = UntrustedBecause(fd)) {
    close(fd);
    why = *problem;
    return -1;
  }
  return fd;
}

}  // namespace stackprobe::loader
