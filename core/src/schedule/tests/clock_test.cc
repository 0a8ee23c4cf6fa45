// SPDX-License-Identifier: Apache-2.0
#include "schedule/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace stackprobe::schedule {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using TimePoint = Clock::TimePoint;

// Real-time bound for things that happen at once unless the clock is broken.
constexpr milliseconds kClockLimit{10000};

// A thread sleeping on a clock until `at`, the way the scheduler's timer
// does: it re-checks the time after every wakeup.
class Sleeper {
 public:
  Sleeper(Clock& clock, TimePoint at)
      : done_(std::async(std::launch::async, [&clock, at, this] {
          std::unique_lock<std::mutex> lock(mutex_);
          while (clock.Now() < at) {
            clock.WaitUntil(lock, wake_, at);
          }
        })) {}

  // True once the thread saw its due time; waits at most `limit`.
  bool Done(milliseconds limit = kClockLimit) {
    return done_.wait_for(limit) == std::future_status::ready;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::future<void> done_;  // last: the thread uses the members above
};

TEST(ClockTest, SteadyClockReadsTheSteadyClock) {
  SteadyClock clock;
  const auto before = std::chrono::steady_clock::now();
  const auto now = clock.Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, std::chrono::steady_clock::now());
}

TEST(ClockTest, SteadyClockReturnsAtOnceWhenDue) {
  SteadyClock clock;
  std::mutex mutex;
  std::condition_variable wake;
  std::unique_lock<std::mutex> lock(mutex);
  clock.WaitUntil(lock, wake, clock.Now() - milliseconds(1));
  EXPECT_TRUE(lock.owns_lock());
}

TEST(ClockTest, SteadyClockWakesOnANotification) {
  SteadyClock clock;
  std::mutex mutex;
  std::condition_variable wake;
  bool told = false;
  auto teller = std::async(std::launch::async, [&] {
    std::lock_guard<std::mutex> lock(mutex);
    told = true;
    wake.notify_all();
  });
  std::unique_lock<std::mutex> lock(mutex);
  while (!told) {
    clock.WaitUntil(lock, wake, TimePoint::max());
  }
  EXPECT_TRUE(lock.owns_lock());
}

TEST(ClockTest, ManualClockStandsStillUntilAdvanced) {
  const TimePoint start = TimePoint{} + hours(5);
  ManualClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start) << "real time passing moves nothing";
  clock.Advance(milliseconds(5));
  EXPECT_EQ(clock.Now() - start, milliseconds(5));
  clock.Advance(milliseconds(-3));
  EXPECT_EQ(clock.Now() - start, milliseconds(5)) << "time never goes back";
  clock.Advance(milliseconds(0));
  EXPECT_EQ(clock.Now() - start, milliseconds(5));
  EXPECT_EQ(ManualClock().Now(), TimePoint{});
}

TEST(ClockTest, ManualClockReturnsAtOnceWhenDue) {
  ManualClock clock;
  clock.Advance(milliseconds(10));
  std::mutex mutex;
  std::condition_variable wake;
  std::unique_lock<std::mutex> lock(mutex);
  clock.WaitUntil(lock, wake, clock.Now());
  clock.WaitUntil(lock, wake, clock.Now() - milliseconds(10));
  EXPECT_TRUE(lock.owns_lock());
  EXPECT_EQ(clock.Sleepers(), 0u);
  EXPECT_EQ(clock.NextWakeup(), std::nullopt);
}

TEST(ClockTest, ManualClockWakesASleeperWhenTimeReachesItsDueTime) {
  ManualClock clock;
  const TimePoint at = clock.Now() + milliseconds(10);
  Sleeper sleeper(clock, at);
  ASSERT_TRUE(clock.WaitForSleepers(1, kClockLimit));
  EXPECT_EQ(clock.NextWakeup(), at);

  clock.Advance(milliseconds(9));
  ASSERT_TRUE(clock.WaitForSleepers(1, kClockLimit));
  EXPECT_EQ(clock.NextWakeup(), at) << "not due yet: still asleep";
  EXPECT_FALSE(sleeper.Done(milliseconds(0)));

  clock.Advance(milliseconds(1));
  EXPECT_EQ(clock.Sleepers(), 0u) << "woken by the Advance itself";
  EXPECT_TRUE(sleeper.Done());
  EXPECT_EQ(clock.Sleepers(), 0u);
  EXPECT_EQ(clock.NextWakeup(), std::nullopt);
}

TEST(ClockTest, ManualClockWakesASleeperPassedByALongStep) {
  ManualClock clock;
  Sleeper sleeper(clock, clock.Now() + milliseconds(10));
  ASSERT_TRUE(clock.WaitForSleepers(1, kClockLimit));
  clock.Advance(hours(1));
  EXPECT_TRUE(sleeper.Done());
}

TEST(ClockTest, ManualClockLetsANotificationWakeASleeper) {
  ManualClock clock;
  std::mutex mutex;
  std::condition_variable wake;
  bool told = false;
  auto waiter = std::async(std::launch::async, [&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (!told) {
      clock.WaitUntil(lock, wake, TimePoint::max());
    }
  });
  ASSERT_TRUE(clock.WaitForSleepers(1, kClockLimit));
  EXPECT_EQ(clock.NextWakeup(), TimePoint::max());
  {
    std::lock_guard<std::mutex> lock(mutex);
    told = true;
    wake.notify_all();
  }
  EXPECT_EQ(waiter.wait_for(kClockLimit), std::future_status::ready);
  EXPECT_EQ(clock.Now(), TimePoint{}) << "a notification moves no time";
  EXPECT_EQ(clock.Sleepers(), 0u);
}

TEST(ClockTest, ManualClockReportsEverySleeperAndTheEarliestWakeup) {
  ManualClock clock;
  const TimePoint start = clock.Now();
  EXPECT_FALSE(clock.WaitForSleepers(1, milliseconds(0)));
  Sleeper late(clock, start + milliseconds(30));
  Sleeper early(clock, start + milliseconds(10));
  Sleeper middle(clock, start + milliseconds(20));
  ASSERT_TRUE(clock.WaitForSleepers(3, kClockLimit));
  EXPECT_EQ(clock.Sleepers(), 3u);
  EXPECT_EQ(clock.NextWakeup(), start + milliseconds(10));
  EXPECT_TRUE(clock.WaitForWakeupAt(start + milliseconds(20), kClockLimit));
  EXPECT_FALSE(
      clock.WaitForWakeupAt(start + milliseconds(15), milliseconds(0)));

  clock.Advance(milliseconds(10));
  EXPECT_TRUE(early.Done());
  ASSERT_TRUE(clock.WaitForSleepers(2, kClockLimit));
  EXPECT_EQ(clock.NextWakeup(), start + milliseconds(20));
  EXPECT_FALSE(middle.Done(milliseconds(0)));

  clock.Advance(milliseconds(20));
  EXPECT_TRUE(middle.Done());
  EXPECT_TRUE(late.Done());
  EXPECT_EQ(clock.Sleepers(), 0u);
  EXPECT_FALSE(clock.WaitForSleepers(1, milliseconds(0)));
}

// Races `steps` one-millisecond steps against a sleeper that waits for each
// of them in turn, with no handshake: every wakeup must arrive, or the
// sleeper never finishes. With `nudge`, another thread also wakes the
// sleeper early through its own condition variable while the steps run, so
// Advance often notifies a sleeper that is already on its way out.
void RaceStepsAgainstASleeper(int steps, bool nudge) {
  ManualClock clock;
  const TimePoint start = clock.Now();
  std::mutex mutex;
  std::condition_variable wake;
  auto sleeper = std::async(std::launch::async, [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (int step = 1; step <= steps; ++step) {
      const TimePoint at = start + milliseconds(step);
      while (clock.Now() < at) {
        clock.WaitUntil(lock, wake, at);
      }
    }
  });
  std::atomic<bool> stepping{true};
  auto nudger = std::async(std::launch::async, [&] {
    while (nudge && stepping) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        wake.notify_all();
      }
      std::this_thread::yield();
    }
  });
  for (int step = 0; step < steps; ++step) {
    clock.Advance(milliseconds(1));
  }
  stepping = false;
  nudger.wait();
  // From here only the steps' own wakeups can finish the sleeper.
  const bool finished =
      sleeper.wait_for(kClockLimit) == std::future_status::ready;
  EXPECT_TRUE(finished) << "a wakeup was lost";
  if (!finished) {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();  // let it end rather than hang the test
  }
  sleeper.wait();
  EXPECT_EQ(clock.Now() - start, milliseconds(steps));
  EXPECT_EQ(clock.Sleepers(), 0u);
}

TEST(ClockTest, ManualClockNeverLosesAWakeup) {
  RaceStepsAgainstASleeper(2000, /*nudge=*/false);
}

TEST(ClockTest, ManualClockNeverLosesAWakeupAmongEarlyWakeups) {
  RaceStepsAgainstASleeper(2000, /*nudge=*/true);
}

}  // namespace
}  // namespace stackprobe::schedule
