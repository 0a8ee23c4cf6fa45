// SPDX-License-Identifier: Apache-2.0
#include "host/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <set>
#include <vector>

#include "stackprobe/sdk/output_path.h"

namespace stackprobe::host {
namespace {

bool Fail(const std::string& what, const std::string& path, int code,
          std::string& error) {
  error = what + " " + path + ": " + std::strerror(code);
  return false;
}

// A temporary this old was left by a writer that died between mkostemp and
// rename (kill -9, power loss): no write takes this long.
constexpr std::time_t kStaleTemporarySeconds = 600;
// Paths whose folder was already cleaned by this process; bounded.
constexpr std::size_t kMaxCleanedPaths = 1024;

// True the first time this process asks for `path`.
bool FirstWriteOf(const std::string& path) {
  static std::mutex mutex;
  static std::set<std::string> cleaned;
  std::lock_guard<std::mutex> lock(mutex);
  if (cleaned.size() >= kMaxCleanedPaths) return false;
  return cleaned.insert(path).second;
}

// Removes this user's `.<name>.tmp.XXXXXX` files older than
// kStaleTemporarySeconds from `folder`. Younger ones may belong to a writer
// in another process and are left alone.
void RemoveStaleTemporaries(const std::string& folder,
                            const std::string& name) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  const std::string prefix = "." + name + ".tmp.";
  const std::time_t now = std::time(nullptr);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view entry_name(entry->d_name);
    if (entry_name.size() != prefix.size() + 6 ||
        !entry_name.starts_with(prefix)) {
      continue;
    }
    struct stat facts {};
    if (::fstatat(::dirfd(dir), entry->d_name, &facts, AT_SYMLINK_NOFOLLOW) !=
            0 ||
        !S_ISREG(facts.st_mode) || facts.st_uid != ::geteuid() ||
        now - facts.st_mtime < kStaleTemporarySeconds) {
      continue;
    }
    ::unlinkat(::dirfd(dir), entry->d_name, 0);
  }
  ::closedir(dir);
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
  // Everything below goes through this descriptor of the folder, so the
  // folder judged is the folder written, even if a link on the way is
  // changed meanwhile.
  const int folder_fd =
      ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd < 0) return Fail("open the folder of", path, errno, error);
  const std::string at = "/proc/self/fd/" + std::to_string(folder_fd);
  auto refuse = [&](const std::string& why) {
    ::close(folder_fd);
    error = "write " + path + ": " + why;
    return false;
  };
  std::vector<char> real(PATH_MAX + 1, '\0');
  const ssize_t real_size = ::readlink(at.c_str(), real.data(), PATH_MAX);
  if (real_size <= 0) return refuse("cannot resolve its folder");
  if (auto why = sdk::FolderRefusal(
          path,
          std::string_view(real.data(), static_cast<std::size_t>(real_size)))) {
    return refuse(*why);
  }
  struct stat existing {};
  if (::fstatat(folder_fd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
    if (auto why = sdk::ReplaceRefusal(existing, ::geteuid())) {
      return refuse(*why);
    }
  }
  if (FirstWriteOf(path)) RemoveStaleTemporaries(at, name);
  std::string temp_name = at + "/." + name + ".tmp.XXXXXX";
  std::vector<char> temp(temp_name.begin(), temp_name.end());
  temp.push_back('\0');
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    const int code = errno;
    ::close(folder_fd);
    return Fail("create a temporary file for", path, code, error);
  }

  auto abandon = [&](const char* what, int code) {
    ::close(fd);
    ::unlink(temp.data());
    ::close(folder_fd);
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
    ::close(folder_fd);
    return Fail("close", path, code, error);
  }
  const std::string made(temp.data() + at.size() + 1);
  if (::renameat(folder_fd, made.c_str(), folder_fd, name.c_str()) != 0) {
    int code = errno;
    ::unlinkat(folder_fd, made.c_str(), 0);
    ::close(folder_fd);
    return Fail("rename over", path, code, error);
  }
  // The rename is durable only once the folder entry is on disk.
  ::fsync(folder_fd);
  ::close(folder_fd);
  return true;
}

}  // namespace stackprobe::host
