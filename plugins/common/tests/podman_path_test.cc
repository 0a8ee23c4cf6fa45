// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/podman_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace stackprobe::plugin_common {
namespace {

using ::testing::HasSubstr;

// Root-owned setuid copies of the real newuidmap/newgidmap need root; CI
// runs the tests as root.
class PodmanPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0u)
        << "FAIL: these tests make root-owned setuid files; run them as root";
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/newuidmap"))
        << "FAIL: /usr/bin/newuidmap is missing: apt-get install uidmap";
    std::string pattern =
        (std::filesystem::temp_directory_path() / "podman-path.XXXXXX")
            .string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    good_ = IdMapFolder("wrappers", 04755, 02755);
    plain_ = IdMapFolder("plain", 0755, 0755);
    // Not /bin: on merged-/usr systems it holds the setuid newuidmap.
    other_ = root_ + "/other";
  }
  void TearDown() override {
    std::error_code ignored;
    if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
  }

  std::string IdMapFolder(const std::string& name, mode_t uid_mode,
                          mode_t gid_mode) const {
    const std::string folder = root_ + "/" + name;
    std::filesystem::create_directories(folder);
    std::filesystem::copy_file("/usr/bin/newuidmap", folder + "/newuidmap");
    std::filesystem::copy_file("/usr/bin/newgidmap", folder + "/newgidmap");
    EXPECT_EQ(::chmod((folder + "/newuidmap").c_str(), uid_mode), 0);
    EXPECT_EQ(::chmod((folder + "/newgidmap").c_str(), gid_mode), 0);
    return folder;
  }

  std::string root_;
  std::string good_;
  std::string plain_;
  std::string other_;
};

TEST_F(PodmanPathTest, RecognizesSetuidFolders) {
  EXPECT_TRUE(HoldsSetuidIdMaps(good_));
  EXPECT_FALSE(HoldsSetuidIdMaps(plain_));
  EXPECT_FALSE(HoldsSetuidIdMaps(root_ + "/missing"));
  const std::string half = IdMapFolder("half", 04755, 0755);
  EXPECT_FALSE(HoldsSetuidIdMaps(half)) << "newgidmap without set-id bits";
  const std::string not_root = IdMapFolder("user", 04755, 04755);
  ASSERT_EQ(::chown((not_root + "/newuidmap").c_str(), 1000, 0), 0);
  EXPECT_FALSE(HoldsSetuidIdMaps(not_root)) << "setuid but not owned by root";
}

TEST_F(PodmanPathTest, DiscoveredSetuidFolderMovesFirst) {
  const SanitizedPath path = SanitizePath(
      plain_ + "::relative/bin:" + other_ + ":" + good_ + "/:" + plain_, {});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_TRUE(path.reordered);
  EXPECT_EQ(path.explanation, "PATH reordered: " + good_ +
                                  " first because its newuidmap/newgidmap "
                                  "are setuid-root and those in " +
                                  plain_ + ", which came first, are not");
  EXPECT_EQ(path.setuid_folders, std::vector<std::string>{good_});
}

TEST_F(PodmanPathTest, ConfiguredSetuidFolderIsAddedWhenMissing) {
  const SanitizedPath path =
      SanitizePath(plain_ + ":" + other_, {good_, root_ + "/missing"});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_TRUE(path.reordered);
  EXPECT_THAT(path.explanation, HasSubstr(good_ + " first"));
}

TEST_F(PodmanPathTest, AddedWhenPathHasNoIdMaps) {
  const SanitizedPath path = SanitizePath(other_, {good_});
  EXPECT_EQ(path.path, good_ + ":" + other_);
  EXPECT_TRUE(path.reordered);
  EXPECT_THAT(path.explanation, HasSubstr("PATH had no newuidmap/newgidmap"));
}

TEST_F(PodmanPathTest, CorrectPathIsLeftInOrder) {
  const SanitizedPath path =
      SanitizePath(good_ + ":" + plain_ + ":" + other_, {});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_FALSE(path.reordered);
  EXPECT_TRUE(path.explanation.empty());
}

TEST_F(PodmanPathTest, NoSetuidFolderKeepsTheCleanedPath) {
  const SanitizedPath path =
      SanitizePath(plain_ + ":" + plain_ + ":" + other_, {root_ + "/missing"});
  EXPECT_EQ(path.path, plain_ + ":" + other_);
  EXPECT_FALSE(path.reordered);
  EXPECT_TRUE(path.setuid_folders.empty());
}

TEST_F(PodmanPathTest, FindProgramTakesTheFirstExecutableFile) {
  std::filesystem::create_directories(other_ + "/podman");  // a folder
  const std::string bin = root_ + "/bin";
  std::filesystem::create_directories(bin);
  std::filesystem::copy_file("/usr/bin/newuidmap", bin + "/podman");
  ASSERT_EQ(::chmod((bin + "/podman").c_str(), 0755), 0);
  EXPECT_EQ(FindProgram("podman", "relative:" + other_ + "::" + bin),
            bin + "/podman");
  EXPECT_EQ(FindProgram("podman", other_), "");
}

}  // namespace
}  // namespace stackprobe::plugin_common
