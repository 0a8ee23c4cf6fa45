// SPDX-License-Identifier: Apache-2.0
#include "subid_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using ::testing::HasSubstr;
using testing::TestTree;

const UserIdentity kSubIdUser{"hyperd", 1000, 1000, "/home/hyperd", {1000}};

TEST(ParseSubIdFileTest, SkipsCommentsAndListsMalformedLines) {
  const SubIdFile parsed = ParseSubIdFile(
      "# subordinate ids\nhyperd:100000:65536\n\nbroken line\nx:1:y\n"
      "1001:165536:65536\r\n");
  ASSERT_EQ(parsed.ranges.size(), 2U);
  EXPECT_EQ(parsed.ranges[0].owner, "hyperd");
  EXPECT_EQ(parsed.ranges[0].start, 100000U);
  EXPECT_EQ(parsed.ranges[0].count, 65536U);
  EXPECT_EQ(parsed.ranges[0].line, 2);
  EXPECT_EQ(parsed.ranges[1].owner, "1001");
  EXPECT_EQ(parsed.ranges[1].line, 6);
  EXPECT_EQ(parsed.malformed_lines, (std::vector<int>{4, 5}));
}

TEST(CheckSubIdsTest, TheExpectedLinePasses) {
  TestTree tree;
  const std::string file =
      tree.File("subuid", testing::ReadFixture("subuid-good"));
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubUid, file, kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.id, "subuid_range");
  EXPECT_EQ(outcome.check.status, CheckStatus::kOk) << outcome.check.title;
  EXPECT_EQ(outcome.range_size, 65536U);
  EXPECT_THAT(outcome.check.evidence,
              HasSubstr(file + ":1: hyperd:100000:65536"));
}

TEST(CheckSubIdsTest, ARangeKeyedByUidCounts) {
  TestTree tree;
  const std::string file = tree.File("subgid", "1000:100000:65536\n");
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubGid, file, kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.id, "subgid_range");
  EXPECT_EQ(outcome.check.status, CheckStatus::kOk);
}

TEST(CheckSubIdsTest, MissingRangeFailsWithAFreeRangeInTheFix) {
  TestTree tree;
  const std::string file = tree.File("subuid", "other:100000:65536\n");
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubUid, file, kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_THAT(outcome.check.title, HasSubstr("single-ID mapping"));
  EXPECT_EQ(outcome.check.fix_generic,
            "usermod --add-subuids 165536-231071 hyperd");
  EXPECT_THAT(outcome.check.fix_nixos,
              HasSubstr("users.users.hyperd.subUidRanges = [ { startUid = "
                        "165536; count = 65536; } ];"));
  EXPECT_EQ(outcome.range_size, 0U);
}

TEST(CheckSubIdsTest, ShortRangeFails) {
  TestTree tree;
  const std::string file = tree.File("subgid", "hyperd:100000:1000\n");
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubGid, file, kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_THAT(outcome.check.title,
              HasSubstr("holds 1000 IDs, fewer than 65536"));
  EXPECT_THAT(outcome.check.fix_generic, HasSubstr("usermod --add-subgids"));
  EXPECT_EQ(outcome.range_size, 1000U);
}

TEST(CheckSubIdsTest, OverlapWarnsWithBothLines) {
  TestTree tree;
  const std::string file =
      tree.File("subuid", testing::ReadFixture("subuid-overlap"));
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubUid, file, kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.status, CheckStatus::kWarn);
  EXPECT_THAT(outcome.check.evidence,
              HasSubstr(file + ":2: hyperd:100000:65536 overlaps " + file +
                        ":3: ollama:150000:65536"));
}

TEST(CheckSubIdsTest, UnreadableFileFails) {
  TestTree tree;
  const SubIdOutcome outcome =
      CheckSubIds(SubIdKind::kSubUid, tree.Path("absent"), kSubIdUser, 65536);
  EXPECT_EQ(outcome.check.status, CheckStatus::kFail);
  EXPECT_THAT(outcome.check.evidence, HasSubstr("No such file"));
  EXPECT_FALSE(outcome.range_size);
}

}  // namespace
}  // namespace stackprobe::rootless
