// SPDX-License-Identifier: Apache-2.0
#include "host/atomic_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stackprobe::host {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/stackprobe-atomic-XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    folder_ = name;
  }
  void TearDown() override { fs::remove_all(folder_); }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }
  // Names in the folder, to prove no temporary was left behind.
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string folder_;
};

TEST_F(AtomicFileTest, WritesContentAndMode) {
  std::string path = folder_ + "/ai_metrics.json";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, R"({"a":1})", 0640, error)) << error;
  EXPECT_EQ(Read(path), R"({"a":1})");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  EXPECT_THAT(Entries(), ::testing::ElementsAre("ai_metrics.json"));
}

TEST_F(AtomicFileTest, ReplacesAnExistingFile) {
  std::string path = folder_ + "/out";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "old", 0600, error)) << error;
  ASSERT_TRUE(WriteFileAtomically(path, "new content", 0644, error)) << error;
  EXPECT_EQ(Read(path), "new content");
  EXPECT_THAT(Entries(), ::testing::ElementsAre("out"));
}

TEST_F(AtomicFileTest, EmptyContentMakesAnEmptyFile) {
  std::string path = folder_ + "/empty";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "", 0644, error)) << error;
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(AtomicFileTest, MissingFolderFailsNamingThePath) {
  std::string path = folder_ + "/missing/out.json";
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(path, "x", 0644, error));
  EXPECT_THAT(error, HasSubstr(path));
  EXPECT_THAT(error, HasSubstr("No such file or directory"));
}

TEST_F(AtomicFileTest, FailedWriteKeepsTheOldFileAndNoTemporary) {
  std::string path = folder_ + "/out";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "old", 0644, error)) << error;
  // A file size limit makes the write itself fail, even for root (who
  // passes any permission check). SIGXFSZ would end the test process.
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old_limit;
  small.rlim_cur = 16;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  bool written =
      WriteFileAtomically(path, std::string(100000, 'n'), 0644, error);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_FALSE(written);
  EXPECT_THAT(error, HasSubstr(path));
  EXPECT_THAT(error, HasSubstr("File too large"));
  EXPECT_EQ(Read(path), "old");
  EXPECT_THAT(Entries(), ::testing::ElementsAre("out"));
}

TEST_F(AtomicFileTest, AFolderInThePlaceOfTheFileIsKeptAndNoTemporary) {
  std::string path = folder_ + "/target";
  fs::create_directory(path);
  std::ofstream(path + "/keep") << "kept";
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(path, "x", 0644, error));
  EXPECT_EQ(error, "write " + path +
                       ": expected a new file or a regular file of uid " +
                       std::to_string(::geteuid()) +
                       " to replace, got a directory");
  EXPECT_EQ(Read(path + "/keep"), "kept");
  EXPECT_THAT(Entries(), ::testing::ElementsAre("target"));
}

TEST_F(AtomicFileTest, ASymbolicLinkOrAnotherUsersFileIsNotReplaced) {
  const std::string victim = folder_ + "/victim";
  std::ofstream(victim) << "theirs";
  const std::string link = folder_ + "/ai_metrics.json";
  fs::create_symlink(victim, link);
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(link, "x", 0644, error));
  EXPECT_THAT(error, HasSubstr("got a symbolic link"));
  EXPECT_TRUE(fs::is_symlink(link));
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file away needs root";
  ASSERT_EQ(::chown(victim.c_str(), 4242, 4242), 0);
  EXPECT_FALSE(WriteFileAtomically(victim, "x", 0644, error));
  EXPECT_EQ(error, "write " + victim +
                       ": expected a new file or a regular file of uid 0 to "
                       "replace, got a file of uid 4242");
  EXPECT_EQ(Read(victim), "theirs");
  EXPECT_THAT(Entries(), ::testing::ElementsAre("ai_metrics.json", "victim"));
}

TEST_F(AtomicFileTest, NothingIsWrittenIntoASystemFolderEvenThroughALink) {
  std::string error;
  EXPECT_FALSE(
      WriteFileAtomically("/etc/stackprobe-test.json", "x", 0644, error));
  EXPECT_EQ(error,
            "write /etc/stackprobe-test.json: expected a path outside the "
            "system folders (/etc, /usr, /bin, /sbin, /lib*, /boot, /proc, "
            "/sys, /dev), got \"/etc/stackprobe-test.json\", which is in /etc");
  fs::create_directory_symlink("/etc", folder_ + "/conf");
  const std::string through_link = folder_ + "/conf/passwd";
  EXPECT_FALSE(WriteFileAtomically(through_link, "x", 0644, error));
  EXPECT_THAT(error, HasSubstr("which is in /etc"));
  EXPECT_FALSE(fs::exists("/etc/stackprobe-test.json"));
}

TEST_F(AtomicFileTest, FirstWriteRemovesOldTemporariesOfThatFileOnly) {
  // What writers killed between create and rename left: one an hour old, one
  // just made (maybe another process's write in progress), and an old one of
  // another file.
  const std::string old_temporary = ".ai_metrics.json.tmp.Ab12Cd";
  const std::string young_temporary = ".ai_metrics.json.tmp.Ef34Gh";
  const std::string other_file = ".other.json.tmp.Ij56Kl";
  for (const std::string& name : {old_temporary, young_temporary, other_file}) {
    std::ofstream(folder_ + "/" + name) << "{\"half\":";
  }
  const auto hour_ago =
      fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(folder_ + "/" + old_temporary, hour_ago);
  fs::last_write_time(folder_ + "/" + other_file, hour_ago);

  std::string error;
  ASSERT_TRUE(
      WriteFileAtomically(folder_ + "/ai_metrics.json", "{}", 0644, error))
      << error;
  EXPECT_THAT(Entries(), ::testing::ElementsAre(young_temporary, other_file,
                                                "ai_metrics.json"));
}

}  // namespace
}  // namespace stackprobe::host
