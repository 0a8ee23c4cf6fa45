// SPDX-License-Identifier: Apache-2.0
#include "report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stackprobe::starter {
namespace {

using ::testing::HasSubstr;

RunReport SampleReport() {
  RunReport report;
  report.exit_code = 1;
  report.outcome = kOutcomeFailed;
  report.started_at = 1700000000.5;
  report.duration_seconds = 12.25;
  report.path = "/run/wrappers/bin:/usr/bin";
  report.path_reordered = true;
  report.message = "stack not ready";
  report.containers = {
      {"local-ai-postgres", ContainerResult::kReady, true, 3.5, ""},
      {"local-ai-qdrant", ContainerResult::kTimeout, true, 180, "not ready"},
      {"local-ai-aidb", ContainerResult::kBlocked, false, 0,
       "dependency local-ai-qdrant is not ready"}};
  return report;
}

TEST(ReportTest, JsonRoundTrips) {
  std::string error;
  const auto parsed = ParseReport(ReportToJson(SampleReport()), error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->exit_code, 1);
  EXPECT_EQ(parsed->outcome, "failed");
  EXPECT_DOUBLE_EQ(parsed->started_at, 1700000000.5);
  EXPECT_TRUE(parsed->path_reordered);
  ASSERT_EQ(parsed->containers.size(), 3u);
  EXPECT_EQ(parsed->containers[1].result, ContainerResult::kTimeout);
  EXPECT_FALSE(parsed->containers[2].required);
  EXPECT_EQ(parsed->containers[2].message,
            "dependency local-ai-qdrant is not ready");
}

TEST(ReportTest, TableHasOneRowPerContainer) {
  const std::string table = FormatTable(SampleReport());
  EXPECT_THAT(table, HasSubstr("container"));
  EXPECT_THAT(table, HasSubstr("local-ai-qdrant    timeout"));
  EXPECT_THAT(table, HasSubstr("(optional)  dependency local-ai-qdrant"));
  EXPECT_THAT(table, HasSubstr("\nstack not ready\n"));
}

TEST(ReportTest, RejectsGarbageWithoutThrowing) {
  std::string error;
  EXPECT_FALSE(ParseReport("", error));
  EXPECT_FALSE(ParseReport("{\"version\":2}", error));
  EXPECT_FALSE(ParseReport(std::string(100000, '['), error));
  EXPECT_THAT(error, HasSubstr("unreadable"));
  EXPECT_FALSE(ParseReport("\xff\xfe{", error));
  std::string text = ReportToJson(SampleReport());
  text.replace(text.find("timeout"), 7, "exploded");
  EXPECT_FALSE(ParseReport(text, error));
  EXPECT_THAT(error, HasSubstr("exploded"));
}

}  // namespace
}  // namespace stackprobe::starter
