// SPDX-License-Identifier: Apache-2.0
#include "idmap_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using ::testing::HasSubstr;
using testing::SetFileCapability;
using testing::TestTree;

const UserIdentity kIdmapUser{"hyperd", 1000, 1000, "/home/hyperd", {1000}};

class IdMapCheckTest : public ::testing::Test {
 protected:
  TestTree tree_;
  // The NixOS layout: a plain copy in sw/bin, the setuid wrapper elsewhere.
  std::string plain_dir_ = tree_.Dir("run/current-system/sw/bin");
  std::string wrapper_dir_ = tree_.Dir("run/wrappers/bin");
};

TEST_F(IdMapCheckTest, PlainCopyFirstFailsAndNamesTheFolderToPutFirst) {
  tree_.Tool("run/current-system/sw/bin/newuidmap", 0555);
  tree_.Tool("run/wrappers/bin/newuidmap", 04511);
  const Check check = CheckIdMapTool(
      IdMapTool::kNewUidMap, {plain_dir_, wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.id, "newuidmap_setuid");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr(plain_dir_ + "/newuidmap"));
  EXPECT_THAT(check.title, HasSubstr("is not setuid"));
  EXPECT_THAT(check.evidence, HasSubstr("-r-xr-xr-x owner 0:0"));
  EXPECT_THAT(check.evidence, HasSubstr("a working copy: " + wrapper_dir_ +
                                        "/newuidmap: -r-s--x--x"));
  EXPECT_THAT(check.fix_generic, HasSubstr("put " + wrapper_dir_ + " before " +
                                           plain_dir_ + " in PATH"));
  EXPECT_THAT(check.fix_generic,
              HasSubstr("in the unit that runs podman: Environment=\"PATH=" +
                        wrapper_dir_ + ":" + plain_dir_ + "\""));
  EXPECT_EQ(check.fix_nixos,
            "systemd.user.services.<unit>.environment.PATH = lib.mkForce \"" +
                wrapper_dir_ + ":" + plain_dir_ +
                "\"; (<unit>: the service that runs podman, e.g. "
                "ai-stack-startup)");
}

TEST_F(IdMapCheckTest, PathFixesNameTheUnitWhenKnown) {
  tree_.Tool("run/current-system/sw/bin/newuidmap", 0555);
  tree_.Tool("run/wrappers/bin/newuidmap", 04511);
  const Check check =
      CheckIdMapTool(IdMapTool::kNewUidMap, {plain_dir_, wrapper_dir_}, {},
                     kIdmapUser, UnitRef{"ai-stack-startup", true});
  EXPECT_EQ(check.fix_nixos,
            "systemd.user.services.ai-stack-startup.environment.PATH = "
            "lib.mkForce \"" +
                wrapper_dir_ + ":" + plain_dir_ + "\";");
  EXPECT_EQ(check.fix_generic,
            "put " + wrapper_dir_ + " before " + plain_dir_ +
                " in PATH: in ai-stack-startup.service: Environment=\"PATH=" +
                wrapper_dir_ + ":" + plain_dir_ +
                "\" (systemctl --user edit ai-stack-startup)");
}

TEST_F(IdMapCheckTest, SetuidWrapperFirstPasses) {
  tree_.Tool("run/current-system/sw/bin/newuidmap", 0555);
  tree_.Tool("run/wrappers/bin/newuidmap", 04511);
  const Check check = CheckIdMapTool(
      IdMapTool::kNewUidMap, {wrapper_dir_, plain_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kOk) << check.title;
  EXPECT_THAT(check.title, HasSubstr(wrapper_dir_ + "/newuidmap"));
  EXPECT_TRUE(check.fix_generic.empty());
}

TEST_F(IdMapCheckTest, SetuidFileOwnedByAUserFails) {
  tree_.Tool("run/wrappers/bin/newuidmap", 04755, 1000, 1000);
  const Check check =
      CheckIdMapTool(IdMapTool::kNewUidMap, {wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr("is owned by uid 1000, not root"));
  EXPECT_THAT(check.fix_generic,
              HasSubstr("chown root:root " + wrapper_dir_ + "/newuidmap"));
}

TEST_F(IdMapCheckTest, SetuidFileOnNosuidMountFails) {
  const std::string nosuid_dir = tree_.MountTmpfs("nosuid", MS_NOSUID);
  tree_.Tool("nosuid/newuidmap", 04755);
  const Check check =
      CheckIdMapTool(IdMapTool::kNewUidMap, {nosuid_dir}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr("nosuid mount"));
  EXPECT_THAT(check.evidence, HasSubstr("on a nosuid mount"));
  EXPECT_THAT(check.fix_generic, HasSubstr("mounted without nosuid"));
}

TEST_F(IdMapCheckTest, NosuidCopyFirstPointsToTheGoodFolder) {
  const std::string nosuid_dir = tree_.MountTmpfs("nosuid", MS_NOSUID);
  tree_.Tool("nosuid/newuidmap", 04755);
  tree_.Tool("run/wrappers/bin/newuidmap", 04755);
  const Check check = CheckIdMapTool(
      IdMapTool::kNewUidMap, {nosuid_dir, wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.fix_generic, HasSubstr("put " + wrapper_dir_ + " before " +
                                           nosuid_dir + " in PATH"));
}

TEST_F(IdMapCheckTest, MissingFromPathFailsAndFindsACopyOutsidePath) {
  Check check =
      CheckIdMapTool(IdMapTool::kNewUidMap, {plain_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr("newuidmap not found in PATH"));
  EXPECT_THAT(check.fix_generic, HasSubstr("uidmap"));

  tree_.Tool("run/wrappers/bin/newuidmap", 04511);
  check = CheckIdMapTool(IdMapTool::kNewUidMap, {plain_dir_}, {wrapper_dir_},
                         kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_EQ(check.fix_generic,
            "add " + wrapper_dir_ +
                " to the front of PATH: in the unit that runs podman: "
                "Environment=\"PATH=" +
                wrapper_dir_ + ":" + plain_dir_ + "\"");
}

TEST_F(IdMapCheckTest, NotExecutableByTheUserFails) {
  tree_.Tool("run/wrappers/bin/newuidmap", 04750);
  const Check check =
      CheckIdMapTool(IdMapTool::kNewUidMap, {wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr("is not executable by hyperd"));
}

TEST_F(IdMapCheckTest, NonExecutableFileIsSkippedLikePodmanDoes) {
  tree_.File("run/current-system/sw/bin/newuidmap", "x", 0644);
  tree_.Tool("run/wrappers/bin/newuidmap", 04511);
  const Check check = CheckIdMapTool(
      IdMapTool::kNewUidMap, {plain_dir_, wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kOk);
  EXPECT_THAT(check.evidence, HasSubstr("skipped: not an executable file"));
}

TEST_F(IdMapCheckTest, NewgidmapNeedsSetuidOrCapabilityNotSetgid) {
  tree_.Tool("run/current-system/sw/bin/newgidmap", 02755);
  Check check =
      CheckIdMapTool(IdMapTool::kNewGidMap, {plain_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.id, "newgidmap_setgid");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_THAT(check.title, HasSubstr("no cap_setgid file capability"));
  EXPECT_THAT(check.title, HasSubstr("a setgid bit is not enough"));

  tree_.Tool("run/wrappers/bin/newgidmap", 04755);
  check = CheckIdMapTool(IdMapTool::kNewGidMap, {wrapper_dir_}, {}, kIdmapUser);
  EXPECT_EQ(check.status, CheckStatus::kOk);
}

TEST_F(IdMapCheckTest, FileCapabilitiesReplaceTheSetuidBit) {
  const std::string tool = tree_.Tool("run/wrappers/bin/newuidmap", 0755);
  SetFileCapability(tool, kCapSetuid, true);
  EXPECT_EQ(
      CheckIdMapTool(IdMapTool::kNewUidMap, {wrapper_dir_}, {}, kIdmapUser)
          .status,
      CheckStatus::kOk);
  // The wrong capability does not help.
  SetFileCapability(tool, kCapSetgid, true);
  EXPECT_EQ(
      CheckIdMapTool(IdMapTool::kNewUidMap, {wrapper_dir_}, {}, kIdmapUser)
          .status,
      CheckStatus::kFail);
}

}  // namespace
}  // namespace stackprobe::rootless
