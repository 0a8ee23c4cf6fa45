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

const UserIdentity kUser{"hyperd", 1001, 1001, "/home/hyperd", {1001}};

CheckStatus StatusOf(const std::vector<Check>& checks, const std::string& id) {
  for (const Check& check : checks) {
    if (check.id == id) return check.status;
  }
  ADD_FAILURE() << "no check " << id;
  return CheckStatus::kSkipped;
}

TEST(ChecksFromPodmanInfoTest, RealRootlessOutputPasses) {
  const auto checks =
      ChecksFromPodmanInfo(ReadFixture("podman-info-rootless.json"), kUser);
  ASSERT_EQ(checks.size(), 3U);
  EXPECT_EQ(StatusOf(checks, "podman_info"), CheckStatus::kOk);
  EXPECT_EQ(StatusOf(checks, "podman_id_mappings"), CheckStatus::kOk);
  EXPECT_EQ(StatusOf(checks, "podman_storage_driver"), CheckStatus::kOk);
  EXPECT_THAT(checks[1].title, HasSubstr("65537 UIDs"));
}

TEST(ChecksFromPodmanInfoTest, SingleIdMappingFails) {
  const auto checks =
      ChecksFromPodmanInfo(ReadFixture("podman-info-single-id.json"), kUser);
  EXPECT_EQ(StatusOf(checks, "podman_id_mappings"), CheckStatus::kFail);
  EXPECT_THAT(checks[1].evidence, HasSubstr("0->1001 size 1"));
}

TEST(ChecksFromPodmanInfoTest, VfsWarns) {
  const auto checks =
      ChecksFromPodmanInfo(ReadFixture("podman-info-vfs.json"), kUser);
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
    ASSERT_NO_THROW(checks = ChecksFromPodmanInfo(text, kUser));
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
                      kUser, fake.context());
  ASSERT_EQ(checks.size(), 3U);
  EXPECT_EQ(checks[0].status, CheckStatus::kFail);
  EXPECT_THAT(checks[0].evidence,
              HasSubstr("exit 125: Error: cannot set up namespace using "
                        "\"/bad/newuidmap\""));
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
                      kUser, fake.context());
  EXPECT_EQ(StatusOf(checks, "podman_info"), CheckStatus::kOk)
      << checks[0].evidence;
  EXPECT_EQ(StatusOf(checks, "podman_storage_driver"), CheckStatus::kWarn);
}

}  // namespace
}  // namespace stackprobe::rootless
