// SPDX-License-Identifier: Apache-2.0
#include "podman_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_context.h"
#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using ::testing::HasSubstr;
using testing::ReadFixture;
using testing::TestTree;

const UserIdentity kPodmanUser{"hyperd", 1001, 1001, "/home/hyperd", {1001}};

CheckStatus StatusOf(const std::vector<Check>& checks, const std::string& id) {
  for (const Check& check : checks) {
    if (check.id == id) return check.status;
  }
  ADD_FAILURE() << "no check " << id;
  return CheckStatus::kSkipped;
}

TEST(ChecksFromPodmanInfoTest, RealRootlessOutputPasses) {
  const auto checks = ChecksFromPodmanInfo(
      ReadFixture("podman-info-rootless.json"), kPodmanUser);
  ASSERT_EQ(checks.size(), 3U);
  EXPECT_EQ(StatusOf(checks, "podman_info"), CheckStatus::kOk);
  EXPECT_EQ(StatusOf(checks, "podman_id_mappings"), CheckStatus::kOk);
  EXPECT_EQ(StatusOf(checks, "podman_storage_driver"), CheckStatus::kOk);
  EXPECT_THAT(checks[1].title, HasSubstr("65537 UIDs"));
}

TEST(ChecksFromPodmanInfoTest, SingleIdMappingFails) {
  const auto checks = ChecksFromPodmanInfo(
      ReadFixture("podman-info-single-id.json"), kPodmanUser);
  EXPECT_EQ(StatusOf(checks, "podman_id_mappings"), CheckStatus::kFail);
  EXPECT_THAT(checks[1].evidence, HasSubstr("0->1001 size 1"));
}

TEST(ChecksFromPodmanInfoTest, VfsWarns) {
  const auto checks =
      ChecksFromPodmanInfo(ReadFixture("podman-info-vfs.json"), kPodmanUser);
  EXPECT_EQ(StatusOf(checks, "podman_storage_driver"), CheckStatus::kWarn);
  EXPECT_THAT(checks[2].fix_generic, HasSubstr("driver = \"overlay\""));
}

TEST(ChecksFromPodmanInfoTest, BrokenJsonFailsWithoutThrowing) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  for (const std::string& text :
       {std::string("{\"host\": {"), deep, std::string("\xff\xfe"),
        std::string(
            "{\"host\": {\"idMappings\": {\"uidmap\": [{\"size\": \"x\"}]}, "
            "\"security\": {\"rootless\": true}}}"),
        std::string("[]")}) {
    std::vector<Check> checks;
    ASSERT_NO_THROW(checks = ChecksFromPodmanInfo(text, kPodmanUser));
    ASSERT_EQ(checks.size(), 3U);
    EXPECT_NE(checks[0].status, CheckStatus::kOk) << text.substr(0, 40);
  }
}

TEST(RunPodmanChecksTest, FailureKeepsThePodmanErrorLine) {
  TestTree tree;
  const std::string podman = tree.File(
      "bin/podman",
      "#!/bin/sh\n"
      "echo 'time=\"x\" level=warning msg=\"/ is not a shared mount\"' >&2\n"
      "echo 'Error: cannot set up namespace using \"/bad/newuidmap\": should "
      "have setuid or have filecaps setuid: exit status 1' >&2\n"
      "exit 125\n",
      0755);
  stackprobe::testing::FakeProbeContext fake;
  const auto checks =
      RunPodmanChecks(PodmanRun{podman, "/bad:/usr/bin:/bin", "/home/hyperd",
                                "", std::chrono::seconds(5)},
                      kPodmanUser, fake.context());
  ASSERT_EQ(checks.size(), 3U);
  EXPECT_EQ(checks[0].status, CheckStatus::kFail);
  EXPECT_EQ(checks[0].title, "podman info failed (exit 125)");
  EXPECT_EQ(checks[0].evidence,
            podman +
                " info --format json (PATH=/bad:/usr/bin:/bin) said:\n"
                "Error: cannot set up namespace using \"/bad/newuidmap\": "
                "should have setuid or have filecaps setuid: exit status 1");
  EXPECT_EQ(checks[1].status, CheckStatus::kSkipped);
}

TEST(RunPodmanChecksTest, PassesPathAndHomeToPodman) {
  TestTree tree;
  // Echoes the fixture only when podman got the PATH and HOME asked for.
  const std::string fixture =
      tree.File("info.json", ReadFixture("podman-info-vfs.json"));
  const std::string podman =
      tree.File("bin/podman",
                "#!/bin/sh\n[ \"$PATH\" = /x:/usr/bin:/bin ] && [ \"$HOME\" = "
                "/home/hyperd ] "
                "&& [ \"$1 $2 $3\" = 'info --format json' ] && exec cat " +
                    fixture + "\nexit 3\n",
                0755);
  stackprobe::testing::FakeProbeContext fake;
  const auto checks =
      RunPodmanChecks(PodmanRun{podman, "/x:/usr/bin:/bin", "/home/hyperd", "",
                                std::chrono::seconds(5)},
                      kPodmanUser, fake.context());
  EXPECT_EQ(StatusOf(checks, "podman_info"), CheckStatus::kOk)
      << checks[0].evidence;
  EXPECT_EQ(StatusOf(checks, "podman_storage_driver"), CheckStatus::kWarn);
}

// Real stderr of podman 4.3.1 (`podman info --format json` as a rootless
// user whose PATH starts with plain 0755 copies of newuidmap/newgidmap,
// after `podman system migrate`): a harmless warning, then two errors.
TEST(PodmanErrorLineTest, RealPodman43LevelErrorLineWins) {
  const std::string line =
      PodmanErrorLine(ReadFixture("podman-4.3-info-plain-newuidmap.stderr"));
  EXPECT_EQ(line.rfind("level=error msg=\"", 0), 0U) << line;
  EXPECT_THAT(line, HasSubstr("cannot set up namespace using"));
  EXPECT_THAT(line, HasSubstr("/plain-bin/newuidmap"));
  EXPECT_THAT(line, HasSubstr("should have setuid or have filecaps setuid"));
  EXPECT_THAT(line, ::testing::Not(HasSubstr("shared mount")));
  EXPECT_THAT(line, ::testing::Not(HasSubstr("time=")));
}

TEST(PodmanErrorLineTest, RealPodman43MissingNewuidmap) {
  const std::string line =
      PodmanErrorLine(ReadFixture("podman-4.3-info-no-newuidmap.stderr"));
  EXPECT_THAT(line, HasSubstr("level=error msg="));
  EXPECT_THAT(line, HasSubstr("executable file not found in $PATH"));
}

TEST(PodmanErrorLineTest, ErrorPrefixOtherLinesAndBounds) {
  EXPECT_EQ(PodmanErrorLine("time=\"t\" level=warning msg=\"w\"\n"
                            "time=\"t\" level=error msg=\"e\"\n"
                            "Error: final\n"),
            "Error: final");
  EXPECT_EQ(PodmanErrorLine("time=\"t\" level=warning msg=\"w\"\n"
                            "something broke\r\nlater\n"),
            "something broke");
  EXPECT_EQ(PodmanErrorLine("\ntime=\"t\" level=warning msg=\"w\"\n"),
            "level=warning msg=\"w\"");
  EXPECT_EQ(PodmanErrorLine(""), "");
  EXPECT_EQ(
      PodmanErrorLine("level=fatal msg=\"" + std::string(900, 'x')).size(),
      500U);
}

TEST(RunPodmanChecksTest, RealPodmanStderrGivesTheLevelErrorLine) {
  TestTree tree;
  const std::string fixture = tree.File(
      "stderr", ReadFixture("podman-4.3-info-plain-newuidmap.stderr"));
  const std::string podman = tree.File(
      "bin/podman", "#!/bin/sh\ncat " + fixture + " >&2\nexit 1\n", 0755);
  stackprobe::testing::FakeProbeContext fake;
  const auto checks =
      RunPodmanChecks(PodmanRun{podman, "/usr/bin:/bin", "/home/hyperd", "",
                                std::chrono::seconds(5)},
                      kPodmanUser, fake.context());
  ASSERT_EQ(checks.size(), 3U);
  EXPECT_EQ(checks[0].status, CheckStatus::kFail);
  const std::string evidence = checks[0].evidence;
  const std::string last_line = evidence.substr(evidence.rfind('\n') + 1);
  EXPECT_EQ(last_line.rfind("level=error msg=\"invalid internal status", 0), 0U)
      << evidence;
  EXPECT_THAT(last_line, HasSubstr("should have setuid"));
}

}  // namespace
}  // namespace stackprobe::rootless
