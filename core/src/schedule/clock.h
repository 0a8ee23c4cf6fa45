// SPDX-License-Identifier: Apache-2.0
//
// The time the scheduler decides by: "now" and "sleep until then or until
// woken". SteadyClock is std::chrono::steady_clock, used by the daemon.
// ManualClock is simulated time for tests: it stands still until the test
// advances it, wakes the threads whose due time that passes, and shows the
// test who is asleep until when, so tests step through schedules exactly and
// stay exact under any load. Only the decisions of *when* use a Clock: plugin
// deadlines and measured durations stay on the real steady clock.
#ifndef STACKPROBE_SCHEDULE_CLOCK_H_
#define STACKPROBE_SCHEDULE_CLOCK_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace stackprobe::schedule {

/// A source of time and of timed waits. Implementations are thread-safe:
/// every method may be called from any number of threads at once.
class Clock {
 public:
  /// A point in this clock's time, in steady_clock units (nanoseconds).
  using TimePoint = std::chrono::steady_clock::time_point;
  /// A span of this clock's time (nanoseconds).
  using Duration = std::chrono::steady_clock::duration;

  /// Destroys the clock; no thread may be inside WaitUntil any more.
  virtual ~Clock() = default;

  /// The current time. Never decreases.
  virtual TimePoint Now() const = 0;

  /// Blocks the calling thread until Now() reaches `at` or `wake` is
  /// notified, like `wake.wait_until(lock, at)`; it may also return early
  /// (spuriously), so callers re-check what they wait for in a loop. Returns
  /// at once when `at` has been reached. `lock` must own the mutex that
  /// guards what notifications of `wake` announce; it is released while
  /// blocked and owned again on return. `TimePoint::max()` waits for a
  /// notification only. `lock`'s mutex and `wake` are borrowed: they must
  /// stay valid until the call returns, and nothing is kept after it.
  virtual void WaitUntil(std::unique_lock<std::mutex>& lock,
                         std::condition_variable& wake, TimePoint at) = 0;
};

/// The real time: std::chrono::steady_clock. Stateless; thread-safe.
class SteadyClock final : public Clock {
 public:
  /// std::chrono::steady_clock::now().
  TimePoint Now() const override;
  /// `wake.wait_until(lock, at)` (a plain wait for `TimePoint::max()`).
  void WaitUntil(std::unique_lock<std::mutex>& lock,
                 std::condition_variable& wake, TimePoint at) override;
};

/// Simulated time for tests: stands still until Advance() moves it. Threads
/// in WaitUntil ("sleepers") are woken when an Advance reaches their due
/// time; the test can see how many sleep and until when, so it advances
/// only once the code under test is idle. Thread-safe. Must outlive every
/// thread that uses it (the scheduler keeps it alive through its options).
class ManualClock final : public Clock {
 public:
  /// Starts at `start` (default: the steady clock's epoch, far from the
  /// real steady time, so a value taken from the wrong clock shows).
  explicit ManualClock(TimePoint start = TimePoint{});
  /// Destroys the clock; no thread may be sleeping on it any more.
  ~ManualClock() override = default;
  /// Not copyable: sleepers are registered with one object.
  ManualClock(const ManualClock&) = delete;
  /// Not assignable, for the same reason.
  ManualClock& operator=(const ManualClock&) = delete;

  /// The simulated time: `start` plus every step advanced so far.
  TimePoint Now() const override;

  /// Blocks until an Advance reaches `at` or `wake` is notified (see
  /// Clock::WaitUntil). Never returns because real time passed.
  void WaitUntil(std::unique_lock<std::mutex>& lock,
                 std::condition_variable& wake, TimePoint at) override;

  /// Moves the time forward by `step` (a negative step is ignored: time
  /// never goes back) and notifies the condition variable of every sleeper
  /// whose due time is reached, under that sleeper's mutex. Returns once
  /// they are notified, not once they have run: wait for the code under
  /// test to be idle again (WaitForSleepers) before the next step. Must not
  /// be called while holding a mutex that a sleeper passed to WaitUntil.
  void Advance(Duration step);

  /// Number of threads blocked in WaitUntil that no Advance has woken yet.
  std::size_t Sleepers() const;

  /// The earliest due time among those sleepers; nullopt when none sleeps.
  /// `TimePoint::max()` for a sleeper waiting for a notification only.
  std::optional<TimePoint> NextWakeup() const;

  /// Blocks until at least `count` threads sleep (see Sleepers), waiting at
  /// most `limit` of real time. True when they do. A sleeper woken by an
  /// Advance stops counting at once, so after an Advance this returns when
  /// the woken threads have done their work and gone back to sleep.
  bool WaitForSleepers(std::size_t count,
                       std::chrono::milliseconds limit) const;

  /// Blocks until some thread sleeps with due time exactly `at`, waiting at
  /// most `limit` of real time. True when one does.
  bool WaitForWakeupAt(TimePoint at, std::chrono::milliseconds limit) const;

 private:
  // One thread inside WaitUntil; lives on that thread's stack.
  struct Sleeper {
    TimePoint at;
    std::mutex* mutex;
    std::condition_variable* wake;
    bool woken = false;  // an Advance reached `at`
    int notifying = 0;   // Advances about to notify `wake`; guarded
  };

  std::size_t SleepersLocked() const;

  mutable std::mutex mutex_;
  // Announces a change of time or of the sleepers; guarded by mutex_.
  mutable std::condition_variable changed_;
  TimePoint now_;
  std::vector<Sleeper*> sleepers_;
};

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_CLOCK_H_
