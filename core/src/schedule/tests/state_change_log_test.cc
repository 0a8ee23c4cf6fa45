// SPDX-License-Identifier: Apache-2.0
#include "schedule/state_change_log.h"

#include <gtest/gtest.h>

namespace stackprobe::schedule {
namespace {

TEST(StateChangeLogTest, DescribesWhatChangedAndAfterHowManyRuns) {
  StateChange change;
  change.changed = true;
  change.from = State::kUp;
  change.previous_runs = 3;
  EXPECT_EQ(
      DescribeStateChange(change, MakeResult(State::kDown, "refused", "")),
      "up → down (refused) after 3 runs");
  change.from = State::kDown;
  change.previous_runs = 1;
  EXPECT_EQ(DescribeStateChange(change, MakeResult(State::kUp, "none", "")),
            "down → up after 1 run");
  EXPECT_EQ(
      DescribeStateChange(change, MakeResult(State::kDegraded, "none", "")),
      "down → degraded after 1 run");
  EXPECT_EQ(
      DescribeStateChange(change, MakeResult(State::kDegraded, "slow", "")),
      "down → degraded (slow) after 1 run");
  change.first = true;
  EXPECT_EQ(
      DescribeStateChange(change, MakeResult(State::kError, "timeout", "")),
      "first run: error (timeout)");
  change.changed = false;
  EXPECT_EQ(DescribeStateChange(change, MakeResult(State::kUp, "none", "")),
            "");
}

}  // namespace
}  // namespace stackprobe::schedule
