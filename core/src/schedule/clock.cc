// SPDX-License-Identifier: Apache-2.0
#include "schedule/clock.h"

#include <algorithm>

namespace stackprobe::schedule {

Clock::TimePoint SteadyClock::Now() const {
  return std::chrono::steady_clock::now();
}

void SteadyClock::WaitUntil(std::unique_lock<std::mutex>& lock,
                            std::condition_variable& wake, TimePoint at) {
  // wait_until converts to an absolute timespec; keep max() out of that.
  if (at == TimePoint::max()) {
    wake.wait(lock);
  } else {
    wake.wait_until(lock, at);
  }
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

Clock::TimePoint ManualClock::Now() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return now_;
}

// Lock order: a sleeper's own mutex, then mutex_. Nobody takes a sleeper's
// mutex while holding mutex_, so Advance notifies in three phases and a
// sleeper that must wait for an Advance still notifying it lets go of its
// own mutex first.
void ManualClock::WaitUntil(std::unique_lock<std::mutex>& lock,
                            std::condition_variable& wake, TimePoint at) {
  Sleeper self{at, lock.mutex(), &wake};
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (now_ >= at) {
      return;
    }
    sleepers_.push_back(&self);
  }
  changed_.notify_all();
  // The caller's mutex has been held since registration, so an Advance that
  // reaches `at` can only notify once this wait has released it: no wakeup
  // is lost.
  wake.wait(lock);
  std::unique_lock<std::mutex> guard(mutex_);
  if (self.notifying > 0) {
    // That Advance still uses self.mutex and self.wake; `self` must outlive
    // it, and it needs the caller's mutex to finish.
    lock.unlock();
    changed_.wait(guard, [&] { return self.notifying == 0; });
  }
  std::erase(sleepers_, &self);
  guard.unlock();
  changed_.notify_all();
  if (!lock.owns_lock()) {
    lock.lock();
  }
}

void ManualClock::Advance(Duration step) {
  std::vector<Sleeper*> due;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    now_ += std::max(step, Duration::zero());
    for (Sleeper* sleeper : sleepers_) {
      if (!sleeper->woken && sleeper->at <= now_) {
        sleeper->woken = true;
        ++sleeper->notifying;
        due.push_back(sleeper);
      }
    }
  }
  for (Sleeper* sleeper : due) {
    std::lock_guard<std::mutex> sleeper_lock(*sleeper->mutex);
    sleeper->wake->notify_all();
  }
  {
    std::lock_guard<std::mutex> guard(mutex_);
    for (Sleeper* sleeper : due) {
      --sleeper->notifying;
    }
  }
  changed_.notify_all();
}

std::size_t ManualClock::SleepersLocked() const {
  return static_cast<std::size_t>(
      std::count_if(sleepers_.begin(), sleepers_.end(),
                    [](const Sleeper* sleeper) { return !sleeper->woken; }));
}

std::size_t ManualClock::Sleepers() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return SleepersLocked();
}

std::optional<Clock::TimePoint> ManualClock::NextWakeup() const {
  std::lock_guard<std::mutex> guard(mutex_);
  std::optional<TimePoint> next;
  for (const Sleeper* sleeper : sleepers_) {
    if (!sleeper->woken && (!next || sleeper->at < *next)) {
      next = sleeper->at;
    }
  }
  return next;
}

bool ManualClock::WaitForSleepers(std::size_t count,
                                  std::chrono::milliseconds limit) const {
  std::unique_lock<std::mutex> guard(mutex_);
  return changed_.wait_for(guard, limit,
                           [&] { return SleepersLocked() >= count; });
}

bool ManualClock::WaitForWakeupAt(TimePoint at,
                                  std::chrono::milliseconds limit) const {
  std::unique_lock<std::mutex> guard(mutex_);
  return changed_.wait_for(guard, limit, [&] {
    return std::any_of(sleepers_.begin(), sleepers_.end(),
                       [&](const Sleeper* sleeper) {
                         return !sleeper->woken && sleeper->at == at;
                       });
  });
}

}  // namespace stackprobe::schedule
