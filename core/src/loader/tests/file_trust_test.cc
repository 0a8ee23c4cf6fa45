// SPDX-License-Identifier: Apache-2.0
#include "loader/file_trust.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace stackprobe::loader {
namespace {

namespace fs = std::filesystem;

class FileTrustTest : public ::testing::Test {
 protected:
  FileTrustTest() {
    char pattern[] = "/tmp/stackprobe-trust-XXXXXX";
    dir_ = mkdtemp(pattern);
    chmod(dir_.c_str(), 0755);
  }
  ~FileTrustTest() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, mode_t mode) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << "code";
    chmod(path.c_str(), mode);
    return path;
  }
  std::string dir_;
};

TEST_F(FileTrustTest, JudgesTheOpenedFileNotWhatThePathNamesLater) {
  const auto path = Write("probe.so", 0666);
  const auto trusted = Write("trusted.so", 0755);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  // The path now names a trusted file; the descriptor still holds the
  // world-writable one, and that is the one that would be loaded.
  fs::rename(trusted, path);
  EXPECT_EQ(UntrustedBecause(fd),
            "the file is writable by group or others (mode 0666)");
  close(fd);
}

TEST_F(FileTrustTest, OpenTrustedGivesTheFileItChecked) {
  const auto path = Write("probe.so", 0755);
  std::string why;
  const int fd = OpenTrusted(path, why);
  ASSERT_GE(fd, 0) << why;
  struct stat opened {};
  struct stat named {};
  ASSERT_EQ(fstat(fd, &opened), 0);
  ASSERT_EQ(stat(path.c_str(), &named), 0);
  EXPECT_EQ(opened.st_ino, named.st_ino);
  EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  close(fd);
}

TEST_F(FileTrustTest, OpenTrustedRefusesAFifoWithoutWaitingForAWriter) {
  const std::string path = dir_ + "/pipe.so";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  std::string why;
  EXPECT_EQ(OpenTrusted(path, why), -1);
  EXPECT_EQ(why, "not a regular file");
}

TEST_F(FileTrustTest, AStickyFolderOthersCanWriteIsRefusedWithItsMode) {
  const auto path = Write("probe.so", 0755);
  chmod(dir_.c_str(), 01777);
  std::string why;
  EXPECT_EQ(OpenTrusted(path, why), -1);
  EXPECT_EQ(why, "its folder " + dir_ +
                     " is writable by group or others (mode 1777), sticky or "
                     "not");
}

}  // namespace
}  // namespace stackprobe::loader
