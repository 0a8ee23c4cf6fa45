// SPDX-License-Identifier: Apache-2.0
#include "schedule/run_phase.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

namespace stackprobe::schedule {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Name(int i) { return "probe_" + std::to_string(i); }

// 100 probes at 15 s, as a stack's default interval gives them: the first
// runs cover the interval, and no 2-second stretch of it holds more than
// twice its share (13.3).
TEST(RunPhase, HundredProbesAreSpreadOverTheirInterval) {
  const Clock::TimePoint now = Clock::TimePoint{} + std::chrono::hours(5);
  std::array<int, 8> buckets{};  // 2 s each; the last one is 1 s
  milliseconds earliest = seconds(15);
  milliseconds latest{0};
  for (int i = 0; i < 100; ++i) {
    const auto wait = std::chrono::duration_cast<milliseconds>(
        FirstRunAt(now, Name(i), seconds(15)) - now);
    ASSERT_GE(wait.count(), 0);
    ASSERT_LT(wait, seconds(15));
    ++buckets[static_cast<std::size_t>(wait / seconds(2))];
    earliest = std::min(earliest, wait);
    latest = std::max(latest, wait);
  }
  EXPECT_LT(earliest, seconds(1));
  EXPECT_GT(latest, seconds(14));
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    EXPECT_LE(buckets[b], 26) << "seconds " << 2 * b << ".." << 2 * b + 2;
  }
}

TEST(RunPhase, IsDeterministic) {
  // Fixed values: a change of the hash moves every probe of every user.
  EXPECT_EQ(PhaseOffset("qdrant", seconds(15)),
            PhaseOffset("qdrant", seconds(15)));
  EXPECT_EQ(PhaseOffset("qdrant", seconds(15)).count(), 11907);
  EXPECT_NE(PhaseOffset("qdrant", seconds(15)),
            PhaseOffset("embeddings", seconds(15)));
}

// A reload builds the scheduler anew at another moment: the first run of a
// probe whose name and interval stayed falls on the same phase.
TEST(RunPhase, AScheduleBuiltLaterKeepsThePhase) {
  const Clock::TimePoint start = Clock::TimePoint{} + std::chrono::hours(5);
  const auto first = FirstRunAt(start, "aidb", seconds(15));
  for (const milliseconds later :
       {milliseconds(1), milliseconds(7300), milliseconds(15000),
        milliseconds(3600123)}) {
    const auto again = FirstRunAt(start + later, "aidb", seconds(15));
    EXPECT_GE(again, start + later);
    EXPECT_LT(again, start + later + seconds(15));
    EXPECT_EQ((again - first) % seconds(15), Clock::Duration::zero());
  }
  EXPECT_EQ(FirstRunAt(first, "aidb", seconds(15)), first);
}

TEST(RunPhase, ADueTimeExactlyOnThePhaseIsNow) {
  const Clock::TimePoint now =
      Clock::TimePoint{} + seconds(30) + PhaseOffset("redis", seconds(15));
  EXPECT_EQ(FirstRunAt(now, "redis", seconds(15)), now);
  EXPECT_EQ(FirstRunAt(now, "redis", milliseconds(0)), now);
}

}  // namespace
}  // namespace stackprobe::schedule
