// SPDX-License-Identifier: Apache-2.0
#include "expose/process_stats.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

namespace stackprobe::expose {
namespace {

TEST(ProcessStats, Sane) {
  const ProcessStats stats = ReadProcessStats();
  EXPECT_GT(stats.resident_bytes, 1 << 20);
  EXPECT_GE(stats.virtual_bytes, stats.resident_bytes);
  EXPECT_GT(stats.open_fds, 2);  // stdin, stdout, stderr at least.
  EXPECT_GE(stats.max_fds, stats.open_fds);
  EXPECT_GE(stats.cpu_seconds, 0);
  const double now = std::chrono::duration<double>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  // Started in the past, and not before this test binary could have.
  EXPECT_LE(stats.start_time_seconds, now + 1);
  EXPECT_GT(stats.start_time_seconds, now - 3600);
}

TEST(ProcessStats, OpenFdsFollowsOpenFiles) {
  const double before = ReadProcessStats().open_fds;
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadProcessStats().open_fds, before + 1);
  ::close(fd);
  EXPECT_EQ(ReadProcessStats().open_fds, before);
}

TEST(ProcessStats, CpuSecondsGrowWithWork) {
  const double before = ReadProcessStats().cpu_seconds;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  volatile double sink = 0;
  double after = before;
  // Spin until the kernel's clock-tick accounting shows the work.
  while (after <= before && std::chrono::steady_clock::now() < deadline) {
    for (int i = 0; i < 100000; ++i) sink = sink + i;
    after = ReadProcessStats().cpu_seconds;
  }
  EXPECT_GT(after, before);
}

}  // namespace
}  // namespace stackprobe::expose
