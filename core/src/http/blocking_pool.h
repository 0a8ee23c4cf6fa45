// SPDX-License-Identifier: Apache-2.0
//
// A fixed set of threads for handlers that block (a synchronous probe run),
// kept apart from the I/O threads so they can never delay /metrics.
#ifndef STACKPROBE_HTTP_BLOCKING_POOL_H_
#define STACKPROBE_HTTP_BLOCKING_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stackprobe::http {

/// Runs jobs on `threads` threads with at most `max_queued` jobs waiting.
/// All members are thread-safe.
class BlockingPool {
 public:
  /// Starts the threads. `threads` is at least 1.
  BlockingPool(int threads, std::size_t max_queued);
  /// Calls Stop().
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  /// Queues `job`; false (job not taken) when the queue is full or the pool
  /// is stopped. The job must not throw.
  bool TrySubmit(std::function<void()> job);

  /// Jobs waiting for a thread right now.
  std::size_t Queued() const;

  /// Drops the waiting jobs (destroying them), waits for the running ones to
  /// return and joins the threads. Idempotent.
  void Stop();

 private:
  void Work();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // Guarded by mutex_.
  bool stopping_ = false;                    // Guarded by mutex_.
  std::vector<std::thread> threads_;
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_BLOCKING_POOL_H_
