// SPDX-License-Identifier: Apache-2.0
#include "json_output.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::exec {
namespace {

TEST(JsonOutputTest, ReadsStateReasonMessageAndMetrics) {
  JsonCheckOutput out;
  std::string error;
  ASSERT_TRUE(ParseJsonOutput(
      R"({"state": "down", "reason": "refused", "message": "no answer",
          "metrics": {"latency_seconds": 0.25, "queue": 3, "note": "x"},
          "extra": true})",
      10, out, error))
      << error;
  EXPECT_EQ(out.state, State::kDown);
  EXPECT_EQ(out.reason, "refused");
  EXPECT_EQ(out.message, "no answer");
  ASSERT_EQ(out.metrics.size(), 2U);
  EXPECT_EQ(out.metrics[0].first, "latency_seconds");
  EXPECT_DOUBLE_EQ(out.metrics[0].second, 0.25);
  EXPECT_EQ(out.metrics[1].first, "queue");
  EXPECT_EQ(out.skipped_metrics, 1U);
}

TEST(JsonOutputTest, AbsentReasonFollowsTheState) {
  JsonCheckOutput out;
  std::string error;
  ASSERT_TRUE(ParseJsonOutput(R"({"state": "up"})", 10, out, error));
  EXPECT_EQ(out.state, State::kUp);
  EXPECT_EQ(out.reason, "none");
  ASSERT_TRUE(ParseJsonOutput(R"({"state": "degraded"})", 10, out, error));
  EXPECT_EQ(out.state, State::kDegraded);
  EXPECT_EQ(out.reason, "assertion");
}

TEST(JsonOutputTest, CapsMetrics) {
  JsonCheckOutput out;
  std::string error;
  ASSERT_TRUE(
      ParseJsonOutput(R"({"state": "up", "metrics": {"a": 1, "b": 2, "c": 3}})",
                      2, out, error));
  EXPECT_EQ(out.metrics.size(), 2U);
  EXPECT_EQ(out.skipped_metrics, 1U);
}

TEST(JsonOutputTest, RejectsWhatIsNotAVerdict) {
  const char* const kBad[] = {
      "",
      "OK - fine",
      "[1, 2]",
      R"({"message": "no state"})",
      R"({"state": "starting"})",
      R"({"state": "UP"})",
      R"({"state": "up", "reason": "plugin_error"})",
      R"({"state": "up", "reason": "made_up"})",
      R"({"state": "up", "message": 5})",
      R"({"state": "up", "metrics": [1]})",
  };
  for (const char* text : kBad) {
    SCOPED_TRACE(text);
    JsonCheckOutput out;
    std::string error;
    EXPECT_FALSE(ParseJsonOutput(text, 10, out, error));
    EXPECT_FALSE(error.empty());
  }
}

TEST(JsonOutputTest, DeepNestingIsRejectedNotRecursedInto) {
  const std::string deep = R"({"state": "up", "x": )" +
                           std::string(10000, '[') + std::string(10000, ']') +
                           "}";
  JsonCheckOutput out;
  std::string error;
  EXPECT_FALSE(ParseJsonOutput(deep, 10, out, error));
  EXPECT_NE(error.find("deeper"), std::string::npos) << error;
}

}  // namespace
}  // namespace stackprobe::exec
