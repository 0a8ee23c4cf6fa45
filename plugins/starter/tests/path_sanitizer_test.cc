// SPDX-License-Identifier: Apache-2.0
#include "path_sanitizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using ::testing::HasSubstr;
using testing::StarterTestEnv;

class PathSanitizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Root-owned setuid copies need root; CI runs the tests as root.
    ASSERT_EQ(::geteuid(), 0u)
        << "FAIL: these tests make root-owned setuid files; run them as root";
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/newuidmap"))
        << "FAIL: /usr/bin/newuidmap is missing: apt-get install uidmap";
    good_ = env_.MakeIdMapFolder("wrappers", 04755, 02755);
    plain_ = env_.MakeIdMapFolder("plain", 0755, 0755);
    // Not /bin: on merged-/usr systems it holds the setuid newuidmap.
    other_ = env_.root() + "/other";
  }
  StarterTestEnv env_;
  std::string good_;
  std::string plain_;
  std::string other_;
};

TEST_F(PathSanitizerTest, RecognizesSetuidFolders) {
  EXPECT_TRUE(HoldsSetuidIdMaps(good_));
  EXPECT_FALSE(HoldsSetuidIdMaps(plain_));
  EXPECT_FALSE(HoldsSetuidIdMaps(env_.root() + "/missing"));
  const std::string half = env_.MakeIdMapFolder("half", 04755, 0755);
  EXPECT_FALSE(HoldsSetuidIdMaps(half)) << "newgidmap without set-id bits";
  const std::string not_root = env_.MakeIdMapFolder("user", 04755, 04755);
  ASSERT_EQ(::chown((not_root + "/newuidmap").c_str(), 1000, 0), 0);
  EXPECT_FALSE(HoldsSetuidIdMaps(not_root)) << "setuid but not owned by root";
}

TEST_F(PathSanitizerTest, DiscoveredSetuidFolderMovesFirst) {
  const SanitizedPath path = SanitizePath(
      plain_ + "::relative/bin:" + other_ + ":" + good_ + "/:" + plain_, {});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_TRUE(path.reordered);
  EXPECT_THAT(path.explanation, HasSubstr(good_ + " first"));
  EXPECT_THAT(path.explanation, HasSubstr(plain_));
  EXPECT_EQ(path.setuid_folders, std::vector<std::string>{good_});
}

TEST_F(PathSanitizerTest, ConfiguredSetuidFolderIsAddedWhenMissing) {
  const SanitizedPath path =
      SanitizePath(plain_ + ":" + other_, {good_, env_.root() + "/missing"});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_TRUE(path.reordered);
}

TEST_F(PathSanitizerTest, CorrectPathIsLeftInOrder) {
  const SanitizedPath path =
      SanitizePath(good_ + ":" + plain_ + ":" + other_, {});
  EXPECT_EQ(path.path, good_ + ":" + plain_ + ":" + other_);
  EXPECT_FALSE(path.reordered);
  EXPECT_TRUE(path.explanation.empty());
}

TEST_F(PathSanitizerTest, NoSetuidFolderKeepsTheCleanedPath) {
  const SanitizedPath path =
      SanitizePath(plain_ + ":" + plain_ + ":" + other_, {});
  EXPECT_EQ(path.path, plain_ + ":" + other_);
  EXPECT_FALSE(path.reordered);
  EXPECT_TRUE(path.setuid_folders.empty());
}

}  // namespace
}  // namespace stackprobe::starter
