// SPDX-License-Identifier: Apache-2.0
//
// Temporary file trees for the rootless tests: fake PATH folders with
// setuid or plain copies of newuidmap, subuid files, /proc/sys stand-ins.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_TESTS_TEST_TREE_H_
#define STACKPROBE_PLUGINS_ROOTLESS_TESTS_TEST_TREE_H_

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace stackprobe::rootless::testing {

/// A temporary folder removed (with anything mounted in it unmounted first)
/// when the object goes away. Throws std::runtime_error on setup failures so
/// the test fails with the reason.
class TestTree {
 public:
  TestTree() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rootless-test.XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
    }
    root_ = pattern;
  }
  ~TestTree() {
    for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) {
      umount2(it->c_str(), MNT_DETACH);
    }
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TestTree(const TestTree&) = delete;
  TestTree& operator=(const TestTree&) = delete;

  /// Absolute path of `relative` inside the tree.
  std::string Path(const std::string& relative) const {
    return root_ + "/" + relative;
  }
  const std::string& root() const { return root_; }

  /// Creates folder `relative` (and parents); returns its absolute path.
  std::string Dir(const std::string& relative) const {
    std::filesystem::create_directories(Path(relative));
    return Path(relative);
  }

  /// Writes `content` to `relative` with `mode` (chmod, so setuid bits stay)
  /// and owner uid:gid; returns its absolute path.
  std::string File(const std::string& relative, const std::string& content,
                   mode_t mode = 0644, uid_t uid = 0, gid_t gid = 0) const {
    const std::string path = Path(relative);
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path());
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << content;
      if (!out) throw std::runtime_error("cannot write " + path);
    }
    if (chown(path.c_str(), uid, gid) != 0) {
      throw std::runtime_error("chown " + path + ": " + std::strerror(errno));
    }
    // chown clears setuid bits, so the mode comes last.
    if (chmod(path.c_str(), mode) != 0) {
      throw std::runtime_error("chmod " + path + ": " + std::strerror(errno));
    }
    return path;
  }

  /// An executable stub (a shell script) at `relative`.
  std::string Tool(const std::string& relative, mode_t mode = 0755,
                   uid_t uid = 0, gid_t gid = 0) const {
    return File(relative, "#!/bin/sh\nexit 0\n", mode, uid, gid);
  }

  /// Mounts a tmpfs with mount `flags` (e.g. MS_NOSUID) on folder
  /// `relative`.
  std::string MountTmpfs(const std::string& relative, unsigned long flags) {
    const std::string dir = Dir(relative);
    if (mount("tmpfs", dir.c_str(), "tmpfs", flags, "size=1m") != 0) {
      throw std::runtime_error("mount -t tmpfs (flags " +
                               std::to_string(flags) + ") tmpfs " + dir +
                               " failed: " + std::strerror(errno));
    }
    mounts_.push_back(dir);
    return dir;
  }

 private:
  std::string root_;
  std::vector<std::string> mounts_;
};

/// Sets the security.capability xattr of `path` to a revision-2 value with
/// `capability` permitted and the effective flag as given.
inline void SetFileCapability(const std::string& path, int capability,
                              bool effective) {
  unsigned char raw[20] = {};
  raw[0] = effective ? 1 : 0;
  raw[3] = 2;  // VFS_CAP_REVISION_2, little endian
  const unsigned int bit = static_cast<unsigned int>(capability);
  raw[4 + bit / 8] = static_cast<unsigned char>(1U << (bit % 8));
  if (setxattr(path.c_str(), "security.capability", raw, sizeof(raw), 0) != 0) {
    throw std::runtime_error("setxattr security.capability " + path + ": " +
                             std::strerror(errno));
  }
}

/// Reads a fixture of tests/fixtures/rootless.
inline std::string ReadFixture(const std::string& name) {
  const std::string path =
      std::string(STACKPROBE_ROOTLESS_FIXTURES) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace stackprobe::rootless::testing

#endif  // STACKPROBE_PLUGINS_ROOTLESS_TESTS_TEST_TREE_H_
