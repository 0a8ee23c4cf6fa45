// SPDX-License-Identifier: Apache-2.0
#include "config/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "config/config_error.h"

namespace stackprobe::config {
namespace {

const char* KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "neither a file nor a folder";
}

ConfigError NotRegular(const std::string& path, mode_t mode) {
  return ConfigError(path + ": expected a regular file, got " + KindOf(mode));
}

ConfigError CannotRead(const std::string& path, int error) {
  return ConfigError(
      path + ": cannot read: " + std::generic_category().message(error));
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { ::close(fd_); }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string ReadRegularFile(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    struct stat info {};
    // A socket cannot be opened at all (ENXIO); name it rather than the errno.
    if (error == ENXIO && ::stat(path.c_str(), &info) == 0 &&
        !S_ISREG(info.st_mode)) {
      throw NotRegular(path, info.st_mode);
    }
    throw CannotRead(path, error);
  }
  const Descriptor file(fd);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) throw CannotRead(path, errno);
  if (!S_ISREG(info.st_mode)) throw NotRegular(path, info.st_mode);
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw CannotRead(path, errno);
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) {
      throw ConfigError(path + ": cannot read: larger than " +
                        std::to_string(max_bytes) + " bytes");
    }
  }
  return text;
}

}  // namespace stackprobe::config
