// SPDX-License-Identifier: Apache-2.0
#include "path_fix.h"

#include <gtest/gtest.h>

namespace stackprobe::rootless {
namespace {

TEST(UnitOfFileTest, NameAndKindFromThePath) {
  UnitRef unit =
      UnitOfFile("/home/hyperd/.config/systemd/user/ai-stack-startup.service");
  EXPECT_EQ(unit.name, "ai-stack-startup");
  EXPECT_TRUE(unit.user_unit);
  unit = UnitOfFile("/etc/systemd/system/stackprobe@hyperd.service");
  EXPECT_EQ(unit.name, "stackprobe@hyperd");
  EXPECT_FALSE(unit.user_unit);
  unit = UnitOfFile("ai-stack.service");
  EXPECT_EQ(unit.name, "ai-stack");
  EXPECT_TRUE(unit.user_unit);
}

TEST(UnitFromCgroupTest, UserServiceOnTheUnifiedHierarchy) {
  const UnitRef unit = UnitFromCgroup(
      "0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
      "ai-stack-startup.service\n");
  EXPECT_EQ(unit.name, "ai-stack-startup");
  EXPECT_TRUE(unit.user_unit);
}

TEST(UnitFromCgroupTest, HybridHierarchyUsesNameSystemd) {
  const UnitRef unit = UnitFromCgroup(
      "12:memory:/system.slice/stackprobe@hyperd.service\n"
      "1:name=systemd:/system.slice/stackprobe@hyperd.service\n"
      "0::/system.slice/stackprobe@hyperd.service\n");
  EXPECT_EQ(unit.name, "stackprobe@hyperd");
  EXPECT_FALSE(unit.user_unit);
}

TEST(UnitFromCgroupTest, NoServiceGivesNoName) {
  EXPECT_EQ(
      UnitFromCgroup("0::/user.slice/user-1000.slice/session-3.scope\n").name,
      "");
  EXPECT_EQ(
      UnitFromCgroup("0::/user.slice/user-1000.slice/user@1000.service\n").name,
      "");
  EXPECT_EQ(UnitFromCgroup("0::/\n").name, "");
  EXPECT_EQ(UnitFromCgroup("").name, "");
  EXPECT_EQ(UnitFromCgroup("garbage").name, "");
}

TEST(NixosPathFixTest, NamesTheUnitInNixTerms) {
  EXPECT_EQ(NixosPathFix({"ai-stack-startup", true}, "/run/wrappers/bin:/x"),
            "systemd.user.services.ai-stack-startup.environment.PATH = "
            "lib.mkForce \"/run/wrappers/bin:/x\";");
  EXPECT_EQ(NixosPathFix({"stackprobe@hyperd", false}, "/a"),
            "systemd.services.\"stackprobe@hyperd\".environment.PATH = "
            "lib.mkForce \"/a\";");
  EXPECT_EQ(NixosPathFix({"", true}, "/a\"${b}"),
            "systemd.user.services.<unit>.environment.PATH = lib.mkForce "
            "\"/a\\\"\\${b}\"; (<unit>: the service that runs podman, e.g. "
            "ai-stack-startup)");
}

TEST(GenericPathFixTest, EnvironmentLineAndDropIn) {
  EXPECT_EQ(GenericPathFix({"ai-stack-startup", true}, "/a:/b"),
            "in ai-stack-startup.service: Environment=\"PATH=/a:/b\" "
            "(systemctl --user edit ai-stack-startup)");
  EXPECT_EQ(GenericPathFix({"stackprobe@hyperd", false}, "/a"),
            "in stackprobe@hyperd.service: Environment=\"PATH=/a\" "
            "(systemctl edit stackprobe@hyperd)");
  EXPECT_EQ(GenericPathFix({}, "/a"),
            "in the unit that runs podman: Environment=\"PATH=/a\"");
}

}  // namespace
}  // namespace stackprobe::rootless
