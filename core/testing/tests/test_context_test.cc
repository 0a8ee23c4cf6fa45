// SPDX-License-Identifier: Apache-2.0
//
// The test kit's public contexts as an out-of-tree test sees them: only
// plugin.h types, the host's services behind them.
#include "stackprobe/testing/test_context.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace stackprobe::testing {
namespace {

TEST(TestProbeContextTest, RecordsLogsAndAnswersScriptedResults) {
  TestProbeContext test_context("disk", std::chrono::seconds(2));
  ProbeContext& context = test_context.context();
  EXPECT_EQ(context.InstanceName(), "disk");
  EXPECT_GT(context.Deadline(), std::chrono::steady_clock::now());
  context.Log(LogLevel::kWarning, "almost full");
  EXPECT_EQ(test_context.logs(),
            std::vector<std::string>{"warning: almost full"});
  EXPECT_TRUE(test_context.HasLog("full"));

  ProbeRecord record;
  EXPECT_FALSE(context.LatestResult("qdrant", record));
  ProbeRecord scripted;
  scripted.has_run = true;
  scripted.result = MakeResult(State::kDown, reason::kRefused, "no answer");
  test_context.SetLatestResult("qdrant", scripted);
  ASSERT_TRUE(context.LatestResult("qdrant", record));
  EXPECT_EQ(record.probe, "qdrant");
  EXPECT_EQ(record.result.state, State::kDown);
}

TEST(TestProbeContextTest, CancelAndResetReachTheContext) {
  TestProbeContext test_context;
  test_context.Cancel();
  EXPECT_TRUE(test_context.context().Cancelled());
  test_context.Reset(std::chrono::milliseconds(0));
  EXPECT_FALSE(test_context.context().Cancelled());
  // A deadline already passed fails a request at once, as in the daemon.
  HttpRequest request;
  request.url = "http://127.0.0.1:1/";
  EXPECT_EQ(test_context.context().Http(request).error, HttpError::kTimeout);
}

TEST(TestActionContextTest, RecordsProgressAndAnswersProbeRuns) {
  TestActionContext test_context;
  ActionContext& context = test_context.context();
  ProbeRecord up;
  up.result = MakeResult(State::kUp, reason::kNone, "");
  test_context.SetProbeResult("qdrant", up);
  test_context.SetRunProbeHandler(
      [](const std::string& probe, ProbeRecord& out) {
        out.probe = probe;
        out.result = MakeResult(State::kStarting, reason::kNone, "");
        return probe == "llama";
      });
  context.Progress("starting qdrant");
  EXPECT_EQ(context.ProbeNames(), std::vector<std::string>{"qdrant"});
  ProbeRecord record;
  ASSERT_TRUE(context.RunProbeNow("qdrant", record));
  EXPECT_EQ(record.result.state, State::kUp);
  ASSERT_TRUE(context.RunProbeNow("llama", record));
  EXPECT_EQ(record.result.state, State::kStarting);
  EXPECT_FALSE(context.RunProbeNow("redis", record));
  EXPECT_EQ(test_context.progress(),
            std::vector<std::string>{"starting qdrant"});
  EXPECT_EQ(test_context.probes_run(),
            (std::vector<std::string>{"qdrant", "llama", "redis"}));
}

}  // namespace
}  // namespace stackprobe::testing
