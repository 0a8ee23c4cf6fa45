// SPDX-License-Identifier: Apache-2.0
#include "path_repair.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using ::testing::HasSubstr;
using testing::TestTree;

const UserIdentity kRepairUser{"hyperd", 1000, 1000, "/home/hyperd", {1000}};

// The NixOS layout: plain copies in sw/bin, setuid wrappers elsewhere, and a
// folder with neither.
class PathRepairTest : public ::testing::Test {
 protected:
  PathRepairTest() {
    for (const char* tool : {"newuidmap", "newgidmap"}) {
      tree_.Tool(std::string("run/current-system/sw/bin/") + tool, 0555);
      tree_.Tool(std::string("run/wrappers/bin/") + tool, 04511);
    }
  }
  Check Judge(IdMapTool tool, const PodmanPaths& paths, bool& repaired) {
    return JudgeIdMapTool(tool, paths, {}, kRepairUser, UnitRef{}, repaired);
  }
  TestTree tree_;
  std::string plain_ = tree_.Path("run/current-system/sw/bin");
  std::string wrappers_ = tree_.Path("run/wrappers/bin");
  std::string other_ = tree_.Dir("other");
};

TEST_F(PathRepairTest, PodmanGetsTheStartersPath) {
  const PodmanPaths paths =
      ResolvePodmanPaths(plain_ + ":relative:" + wrappers_ + "/", true, {});
  EXPECT_EQ(paths.given, (std::vector<std::string>{plain_, wrappers_ + "/"}));
  EXPECT_EQ(paths.podman, (std::vector<std::string>{wrappers_, plain_}));
  EXPECT_EQ(paths.podman_path, wrappers_ + ":" + plain_);
  EXPECT_THAT(paths.repair_note, HasSubstr("PATH reordered: " + wrappers_));
  EXPECT_EQ(paths.setuid_folders, std::vector<std::string>{wrappers_});
}

TEST_F(PathRepairTest, RepairOffKeepsThePathAsGiven) {
  const PodmanPaths paths =
      ResolvePodmanPaths(plain_ + ":" + wrappers_, false, {wrappers_});
  EXPECT_EQ(paths.podman, paths.given);
  EXPECT_EQ(paths.podman_path, plain_ + ":" + wrappers_);
  bool repaired = false;
  EXPECT_EQ(Judge(IdMapTool::kNewUidMap, paths, repaired).status,
            CheckStatus::kFail);
  EXPECT_FALSE(repaired);
}

TEST_F(PathRepairTest, RepairedPathWarnsAndNamesTheRepair) {
  const PodmanPaths paths =
      ResolvePodmanPaths(plain_ + ":" + other_, true, {wrappers_});
  bool repaired = false;
  const Check check = Judge(IdMapTool::kNewGidMap, paths, repaired);
  EXPECT_TRUE(repaired);
  EXPECT_EQ(check.id, "newgidmap_setgid");
  EXPECT_EQ(check.status, CheckStatus::kWarn);
  EXPECT_THAT(check.title, HasSubstr(plain_ + "/newgidmap"));
  EXPECT_THAT(check.title, HasSubstr("stackprobe start repairs this: podman "
                                     "gets " +
                                     wrappers_ + "/newgidmap"));
  EXPECT_THAT(check.evidence,
              HasSubstr("the PATH podman gets from stackprobe "
                        "start: " +
                        wrappers_ + ":" + plain_ + ":" + other_));
  EXPECT_THAT(check.fix_nixos, HasSubstr("lib.mkForce \"" + wrappers_ + ":" +
                                         plain_ + ":" + other_ + "\";"));
  EXPECT_THAT(check.fix_generic,
              HasSubstr("Environment=\"PATH=" + wrappers_ + ":"));
}

TEST_F(PathRepairTest, GoodPathIsOk) {
  const PodmanPaths paths =
      ResolvePodmanPaths(wrappers_ + ":" + plain_, true, {});
  bool repaired = false;
  const Check check = Judge(IdMapTool::kNewUidMap, paths, repaired);
  EXPECT_EQ(check.status, CheckStatus::kOk) << check.title;
  EXPECT_FALSE(repaired);
}

TEST_F(PathRepairTest, NothingToPutFirstFailsAndSaysWhy) {
  const PodmanPaths paths = ResolvePodmanPaths(plain_ + ":" + other_, true,
                                               {tree_.Path("run/no-wrappers")});
  bool repaired = false;
  const Check check = Judge(IdMapTool::kNewUidMap, paths, repaired);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_FALSE(repaired);
  EXPECT_THAT(check.evidence,
              HasSubstr("stackprobe start cannot repair this: no folder in "
                        "PATH or in its setuid_dirs (" +
                        tree_.Path("run/no-wrappers") + ") holds"));
}

// A folder the starter moves first (setuid newuidmap, setgid-only newgidmap)
// that still cannot write gid_map: the repair is not enough, so it fails.
TEST_F(PathRepairTest, RepairThatDoesNotHelpFails) {
  tree_.Tool("half/newuidmap", 04755);
  tree_.Tool("half/newgidmap", 02755);
  const std::string half = tree_.Path("half");
  const PodmanPaths paths = ResolvePodmanPaths(plain_, true, {half});
  ASSERT_EQ(paths.podman.front(), half);
  bool repaired = false;
  EXPECT_EQ(Judge(IdMapTool::kNewUidMap, paths, repaired).status,
            CheckStatus::kWarn);
  repaired = false;
  const Check gid = Judge(IdMapTool::kNewGidMap, paths, repaired);
  EXPECT_EQ(gid.status, CheckStatus::kFail);
  EXPECT_FALSE(repaired);
  EXPECT_THAT(gid.title, HasSubstr("a setgid bit is not enough"));
  EXPECT_THAT(gid.evidence, HasSubstr("stackprobe start cannot repair this: "
                                      "it puts " +
                                      half + " first, and that is not enough"));
}

}  // namespace
}  // namespace stackprobe::rootless
