// SPDX-License-Identifier: Apache-2.0
#include "config/regular_file.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_error.h"

namespace stackprobe::config {
namespace {

std::string ErrorReading(const std::string& path) {
  try {
    ReadRegularFile(path, 1024);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

class RegularFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/stackprobe-regular-file-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(RegularFileTest, ReadsARegularFile) {
  const std::string path = dir_ + "/web.yml";
  std::ofstream(path) << "basic_auth_users: {}\n";
  EXPECT_EQ(ReadRegularFile(path, 1024), "basic_auth_users: {}\n");
}

// Without a writer, reading a FIFO would wait for ever (the test's TIMEOUT
// ends it).
TEST_F(RegularFileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
  const std::string path = dir_ + "/stackprobe.yml";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(ErrorReading(path), path + ": expected a regular file, got a FIFO");
}

TEST_F(RegularFileTest, ADeviceADirectoryAndASocketAreRefused) {
  EXPECT_EQ(ErrorReading("/dev/zero"),
            "/dev/zero: expected a regular file, got a character device");
  EXPECT_EQ(ErrorReading(dir_),
            dir_ + ": expected a regular file, got a directory");
  const std::string path = dir_ + "/socket";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  ASSERT_EQ(
      ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address),
      0);
  EXPECT_EQ(ErrorReading(path),
            path + ": expected a regular file, got a socket");
  ::close(fd);
}

TEST_F(RegularFileTest, AFileBeyondTheLimitIsRefused) {
  const std::string path = dir_ + "/big.yml";
  std::ofstream(path) << std::string(1025, '#');
  EXPECT_EQ(ErrorReading(path), path + ": cannot read: larger than 1024 bytes");
}

}  // namespace
}  // namespace stackprobe::config
