// SPDX-License-Identifier: Apache-2.0
#include "legacy_line_count.h"

#include <gtest/gtest.h>

#include <string>

#include "decision_window.h"

namespace stackprobe::telemetry {
namespace {

TEST(DecisionWindowTest, KeepsOnlyTheLastHundredEntries) {
  DecisionWindow window;
  for (int i = 0; i < 30; ++i) window.Push(true, false);
  for (int i = 0; i < 60; ++i) window.Push(false, true);
  for (int i = 0; i < 20; ++i) window.Push(true, true);
  // 110 entries: the 10 oldest (local) left the window.
  EXPECT_EQ(window.local(), 20u + 20u);
  EXPECT_EQ(window.remote(), 60u + 20u);
  window.Clear();
  EXPECT_EQ(window.local(), 0u);
  window.Push(false, false);
  EXPECT_EQ(window.remote(), 0u);
}

TEST(LegacyLineCountTest, MatchesTheExactCompactTextAnywhereInALine) {
  LegacyLineCount count;
  count.AddLine(R"({"decision":"local"})", "t1");
  count.AddLine(R"({"metadata":{"decision":"local"}})", "t2");
  count.AddLine(R"({"decision": "local"})", "t3");  // spaced: no match
  count.AddLine(R"({"decision":"LOCAL"})", "");     // case matters
  count.AddLine(R"(broken "decision":"remote" tail)", "");
  count.AddLine(R"({"decision":"local","was":{"decision":"remote"}})", "t6");
  const LegacyLineTotals totals = count.Totals();
  EXPECT_EQ(totals.lines, 6u);
  EXPECT_EQ(totals.local_queries, 3u);
  EXPECT_EQ(totals.remote_queries, 2u);
  EXPECT_EQ(totals.last_line_time, "t6");
}

TEST(LegacyLineCountTest, UnsearchedLinesCountAsLinesWithoutDecision) {
  LegacyLineCount count;
  count.AddLine(R"({"decision":"local"})", "t1");
  count.AddUnsearchedLine();
  LegacyLineTotals totals = count.Totals();
  EXPECT_EQ(totals.lines, 2u);
  EXPECT_EQ(totals.local_queries, 1u);
  EXPECT_EQ(totals.last_line_time, "");
  // 100 unsearched lines push the local line out of the window.
  for (int i = 0; i < 99; ++i) count.AddUnsearchedLine();
  totals = count.Totals();
  EXPECT_EQ(totals.lines, 101u);
  EXPECT_EQ(totals.local_queries, 0u);
  count.Clear();
  EXPECT_EQ(count.Totals().lines, 0u);
}

}  // namespace
}  // namespace stackprobe::telemetry
