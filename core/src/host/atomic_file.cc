// SPDX-License-Identifier: Apache-2.0
#include "host/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace stackprobe::host {
namespace {

bool Fail(const std::string& what, const std::string& path, int code,
          std::string& error) {
  error = what + " " + path + ": " + std::strerror(code);
  return false;
}

}  // namespace

bool WriteFileAtomically(const std::string& path, std::string_view content,
                         std::uint32_t mode, std::string& error) {
  std::size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? "."
                       : slash == 0               ? "/"
                                                  : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty()) {
    error = "write " + path + ": not a file name";
    return false;
  }
  std::string temp_name = folder + "/." + name + ".tmp.XXXXXX";
  std::vector<char> temp(temp_name.begin(), temp_name.end());
  temp.push_back('\0');
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return Fail("create a temporary file for", path, errno, error);

  auto abandon = [&](const char* what, int code) {
    ::close(fd);
    ::unlink(temp.data());
    return Fail(what, path, code, error);
  };
  std::string_view left = content;
  while (!left.empty()) {
    ssize_t written = ::write(fd, left.data(), left.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return abandon("write", errno);
    }
    left.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fchmod(fd, static_cast<mode_t>(mode & 07777)) != 0) {
    return abandon("chmod", errno);
  }
  if (::fsync(fd) != 0) return abandon("fsync", errno);
  if (::close(fd) != 0) {
    int code = errno;
    ::unlink(temp.data());
    return Fail("close", path, code, error);
  }
  if (::rename(temp.data(), path.c_str()) != 0) {
    int code = errno;
    ::unlink(temp.data());
    return Fail("rename over", path, code, error);
  }
  // The rename is durable only once the folder entry is on disk.
  int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd >= 0) {
    ::fsync(folder_fd);
    ::close(folder_fd);
  }
  return true;
}

}  // namespace stackprobe::host
