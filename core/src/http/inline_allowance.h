// SPDX-License-Identifier: Apache-2.0
//
// How many kBlocking handlers (a /probe run, a reload) may run on the I/O
// thread that read their request instead of in the blocking pool: one fewer
// than the I/O threads, so that one always serves the others (/metrics).
// Running there saves the hand-off to a pool thread and back, two thread
// wake-ups per request: a fifth of the daemon's CPU per loopback /probe.
// The others go to the pool as before.
#ifndef STACKPROBE_HTTP_INLINE_ALLOWANCE_H_
#define STACKPROBE_HTTP_INLINE_ALLOWANCE_H_

#include <atomic>

namespace stackprobe::http {

/// A counter of `limit` places. Thread-safe.
class InlineAllowance {
 public:
  explicit InlineAllowance(int limit) : limit_(limit) {}
  InlineAllowance(const InlineAllowance&) = delete;
  InlineAllowance& operator=(const InlineAllowance&) = delete;

  /// Takes a place; false when all are taken.
  bool TryTake() {
    int taken = taken_.load(std::memory_order_relaxed);
    while (taken < limit_) {
      if (taken_.compare_exchange_weak(taken, taken + 1,
                                       std::memory_order_acquire)) {
        return true;
      }
    }
    return false;
  }

  /// Gives back a place TryTake() took.
  void Give() { taken_.fetch_sub(1, std::memory_order_release); }

 private:
  const int limit_;
  std::atomic<int> taken_{0};
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_INLINE_ALLOWANCE_H_
