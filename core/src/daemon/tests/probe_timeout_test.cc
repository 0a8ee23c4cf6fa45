// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daemon/endpoints.h"

namespace stackprobe::daemon {
namespace {

using std::chrono::milliseconds;

TEST(ProbeTimeoutTest, TheScrapeTimeoutBoundsTheProbesOwn) {
  EXPECT_EQ(ProbeTimeout("", milliseconds(5000)), milliseconds(5000));
  EXPECT_EQ(ProbeTimeout("3", milliseconds(5000)), milliseconds(2500));
  EXPECT_EQ(ProbeTimeout("9.5", milliseconds(5000)), milliseconds(5000));
  // Never below 0.1 s.
  EXPECT_EQ(ProbeTimeout("0.2", milliseconds(5000)), milliseconds(100));
}

TEST(ProbeTimeoutTest, AnythingButAPositiveFiniteNumberIsIgnored) {
  for (const char* header :
       {"inf", "-inf", "infinity", "nan", "NaN", "-1", "0", "1e400", "-1e400",
        "1e308", "3s", " 3", "3 ", "0x10", "", "\x01"}) {
    const auto timeout = ProbeTimeout(header, milliseconds(5000));
    EXPECT_GE(timeout, milliseconds(100)) << header;
    EXPECT_LE(timeout, milliseconds(5000)) << header;
  }
  // Huge but finite: bounded by the probe's own timeout, no overflow.
  EXPECT_EQ(ProbeTimeout("1e308", milliseconds(5000)), milliseconds(5000));
  EXPECT_EQ(ProbeTimeout("inf", milliseconds(5000)), milliseconds(5000));
  EXPECT_EQ(ProbeTimeout("nan", milliseconds(5000)), milliseconds(5000));
}

}  // namespace
}  // namespace stackprobe::daemon
