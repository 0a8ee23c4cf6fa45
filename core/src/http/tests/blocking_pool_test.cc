// SPDX-License-Identifier: Apache-2.0
#include "http/blocking_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "http/tests/test_client.h"

namespace stackprobe::http {
namespace {

using namespace std::chrono_literals;

TEST(BlockingPoolTest, RunsJobsAndRejectsBeyondTheQueue) {
  BlockingPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  const auto job = [&] {
    started.fetch_add(1);
    released.wait();
    finished.fetch_add(1);
  };
  ASSERT_TRUE(pool.TrySubmit(job));
  ASSERT_TRUE(testing::WaitFor([&] { return started.load() == 1; }, 5000ms));
  ASSERT_TRUE(pool.TrySubmit(job));  // Waits in the queue.
  EXPECT_EQ(pool.Queued(), 1u);
  EXPECT_FALSE(pool.TrySubmit(job));  // Queue full.
  release.set_value();
  EXPECT_TRUE(testing::WaitFor([&] { return finished.load() == 2; }, 5000ms));
  EXPECT_EQ(pool.Queued(), 0u);
}

TEST(BlockingPoolTest, StopDropsQueuedJobsAndRefusesNewOnes) {
  BlockingPool pool(1, 4);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started{0};
  const auto job = [&] {
    started.fetch_add(1);
    released.wait();
  };
  ASSERT_TRUE(pool.TrySubmit(job));
  ASSERT_TRUE(testing::WaitFor([&] { return started.load() == 1; }, 5000ms));
  ASSERT_TRUE(pool.TrySubmit(job));
  std::thread stopper([&] { pool.Stop(); });
  // Stop waits for the running job; it must not start the queued one.
  ASSERT_TRUE(testing::WaitFor([&] { return pool.Queued() == 0; }, 5000ms));
  release.set_value();
  stopper.join();
  EXPECT_EQ(started.load(), 1);
  EXPECT_FALSE(pool.TrySubmit(job));
}

}  // namespace
}  // namespace stackprobe::http
