// SPDX-License-Identifier: Apache-2.0
#include "daemon/human_time.h"

#include <gtest/gtest.h>

#include <limits>

namespace stackprobe::daemon {
namespace {

TEST(HumanTimeTest, DurationsUseTheirLargestUnit) {
  EXPECT_EQ(HumanDuration(0.4), "0 s");
  EXPECT_EQ(HumanDuration(59.9), "59 s");
  EXPECT_EQ(HumanDuration(60), "1 min");
  EXPECT_EQ(HumanDuration(3599), "59 min");
  EXPECT_EQ(HumanDuration(3600), "1 h");
  EXPECT_EQ(HumanDuration(47 * 3600 + 59), "47 h");
  EXPECT_EQ(HumanDuration(3 * 86400), "3 d");
  EXPECT_EQ(HumanDuration(-5), "0 s");
  EXPECT_EQ(HumanDuration(std::numeric_limits<double>::infinity()), "0 s");
}

TEST(HumanTimeTest, LatenciesKeepTheirPrecision) {
  EXPECT_EQ(HumanLatency(0.00085), "850 µs");
  EXPECT_EQ(HumanLatency(0.0041), "4.1 ms");
  EXPECT_EQ(HumanLatency(1.25), "1.25 s");
  EXPECT_EQ(HumanLatency(-1), "0 µs");
}

}  // namespace
}  // namespace stackprobe::daemon
