// SPDX-License-Identifier: Apache-2.0
#include "system_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_context.h"
#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using ::testing::HasSubstr;
using testing::TestTree;

const UserIdentity kSystemUser{"hyperd", 1000, 1000, "/home/hyperd", {1000}};

TEST(CheckUserNamespacesTest, ReadsTheSysctls) {
  TestTree tree;
  tree.File("sys/user/max_user_namespaces", "15000\n");
  UserNamespaceOutcome outcome = CheckUserNamespaces(tree.Path("sys"));
  EXPECT_EQ(outcome.check.status, CheckStatus::kOk);
  EXPECT_EQ(outcome.max_user_namespaces, 15000);

  tree.File("sys/kernel/unprivileged_userns_clone", "0\n");
  outcome = CheckUserNamespaces(tree.Path("sys"));
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_EQ(outcome.check.fix_generic.rfind(
                "sysctl -w kernel.unprivileged_userns_clone=1", 0),
            0U);

  tree.File("sys/kernel/unprivileged_userns_clone", "1\n");
  tree.File("sys/user/max_user_namespaces", "0\n");
  outcome = CheckUserNamespaces(tree.Path("sys"));
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_THAT(outcome.check.fix_nixos,
              HasSubstr("boot.kernel.sysctl.\"user.max_user_namespaces\""));
  EXPECT_THAT(outcome.check.fix_generic,
              HasSubstr("sysctl -w user.max_user_namespaces=15000"));

  outcome = CheckUserNamespaces(tree.Path("absent"));
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_FALSE(outcome.max_user_namespaces);
}

TEST(CheckUnshareTrialTest, SkippedUnlessEnabledAndRunsUnshare) {
  stackprobe::testing::FakeProbeContext fake;
  EXPECT_EQ(
      CheckUnshareTrial(false, fake.context(), std::chrono::seconds(5)).status,
      CheckStatus::kSkipped);
  // This machine allows user namespaces (the e2e test relies on it too).
  const Check check =
      CheckUnshareTrial(true, fake.context(), std::chrono::seconds(5));
  EXPECT_EQ(check.status, CheckStatus::kOk) << check.evidence;
  EXPECT_THAT(check.evidence, HasSubstr("exit 0"));
}

TEST(FoundChecksTest, FindPodmanConmonAndANetworkTool) {
  TestTree tree;
  const std::string bin = tree.Dir("bin");
  const std::string libexec = tree.Dir("libexec/podman");
  std::string podman;
  EXPECT_EQ(CheckPodmanFound({bin}, podman).status, CheckStatus::kFail);
  EXPECT_TRUE(podman.empty());
  EXPECT_EQ(CheckConmonFound({bin}, {libexec}).status, CheckStatus::kFail);
  const Check missing = CheckNetworkTool({bin}, {libexec});
  EXPECT_EQ(missing.status, CheckStatus::kFail);
  EXPECT_THAT(missing.title, HasSubstr("slirp4netns or pasta not found"));

  tree.Tool("bin/podman");
  tree.Tool("libexec/podman/conmon");
  tree.Tool("bin/pasta");
  EXPECT_EQ(CheckPodmanFound({bin}, podman).status, CheckStatus::kOk);
  EXPECT_EQ(podman, bin + "/podman");
  const Check conmon = CheckConmonFound({bin}, {libexec});
  EXPECT_EQ(conmon.status, CheckStatus::kOk);
  EXPECT_THAT(conmon.title, HasSubstr(libexec + "/conmon"));
  EXPECT_EQ(CheckNetworkTool({bin}, {libexec}).status, CheckStatus::kOk);
}

TEST(CheckRuntimeDirTest, WarnsWhenUnsetMissingOrForeign) {
  TestTree tree;
  EXPECT_EQ(CheckRuntimeDir("", "environment", kSystemUser).status,
            CheckStatus::kWarn);
  EXPECT_EQ(CheckRuntimeDir(tree.Path("absent"), "config", kSystemUser).status,
            CheckStatus::kWarn);
  const std::string dir = tree.Dir("run");
  const Check foreign = CheckRuntimeDir(dir, "config", kSystemUser);
  EXPECT_EQ(foreign.status, CheckStatus::kWarn);
  EXPECT_THAT(foreign.title, HasSubstr("is not owned by hyperd"));
  ASSERT_EQ(chown(dir.c_str(), 1000, 1000), 0);
  EXPECT_EQ(CheckRuntimeDir(dir, "config", kSystemUser).status,
            CheckStatus::kOk);
}

TEST(CheckLingerTest, WarnsWithoutTheMarkerFile) {
  TestTree tree;
  const Check off = CheckLinger(tree.Dir("linger"), kSystemUser);
  EXPECT_EQ(off.status, CheckStatus::kWarn);
  EXPECT_EQ(off.fix_generic, "loginctl enable-linger hyperd");
  tree.File("linger/hyperd", "");
  EXPECT_EQ(CheckLinger(tree.Path("linger"), kSystemUser).status,
            CheckStatus::kOk);
}

}  // namespace
}  // namespace stackprobe::rootless
