// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/sdk/duration.h"

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <limits>

namespace stackprobe::sdk {
namespace {

using std::chrono::milliseconds;

TEST(ParseDurationTest, ReadsPrometheusUnits) {
  EXPECT_EQ(ParseDuration("15s"), milliseconds(15'000));
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("1m30s"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(ParseDuration("1d"), milliseconds(86'400'000));
  EXPECT_EQ(ParseDuration("1w"), milliseconds(7 * 86'400'000LL));
  EXPECT_EQ(ParseDuration("1y"), milliseconds(365 * 86'400'000LL));
  EXPECT_EQ(ParseDuration("1h2m3s4ms"), milliseconds(3'723'004));
  EXPECT_EQ(ParseDuration("0s"), milliseconds(0));
}

TEST(ParseDurationTest, ReadsBareNumbersAsSeconds) {
  EXPECT_EQ(ParseDuration("15"), milliseconds(15'000));
  EXPECT_EQ(ParseDuration("0"), milliseconds(0));
  EXPECT_EQ(ParseDuration("1.5"), milliseconds(1'500));
  EXPECT_EQ(ParseDuration("0.25"), milliseconds(250));
  EXPECT_EQ(ParseDuration("2.0000"), milliseconds(2'000));
}

TEST(ParseDurationTest, RefusesGarbage) {
  for (const char* text :
       {"",     "s",      "-1s",   "+1s",  "1.5s",  "15 s", " 15s",
        "15s ", "1x",     "30s1m", "1s1s", "1m1h",  "ms",   "1.",
        ".5",   "1.0001", "1e3",   "abc",  "10sms", "1S"}) {
    EXPECT_EQ(ParseDuration(text), std::nullopt) << text;
  }
}

TEST(ParseDurationTest, RefusesOverflow) {
  EXPECT_EQ(ParseDuration("9223372036854775808ms"), std::nullopt);
  EXPECT_EQ(ParseDuration("300000000y"), std::nullopt);
  EXPECT_EQ(ParseDuration("9223372036854775807"), std::nullopt);
  EXPECT_EQ(ParseDuration("9223372036854775807ms"),
            milliseconds(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(ParseDuration("292471209y"), std::nullopt);
}

TEST(FormatDurationTest, WritesTheShortestForm) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(FormatDuration(milliseconds(15'000)), "15s");
  EXPECT_EQ(FormatDuration(milliseconds(3'723'004)), "1h2m3s4ms");
  EXPECT_EQ(FormatDuration(milliseconds(7 * 86'400'000LL)), "1w");
  EXPECT_EQ(FormatDuration(milliseconds(90 * 86'400'000LL)), "90d");
  EXPECT_EQ(FormatDuration(milliseconds(365 * 86'400'000LL)), "1y");
  EXPECT_EQ(FormatDuration(milliseconds(-1500)), "-1s500ms");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (const std::int64_t value : std::initializer_list<std::int64_t>{
           1, 999, 1000, 61'001, 86'399'999, 604'800'001, 31'536'000'000,
           123'456'789'012, std::numeric_limits<std::int64_t>::max()}) {
    const std::string text = FormatDuration(milliseconds(value));
    EXPECT_EQ(ParseDuration(text), milliseconds(value)) << text;
  }
}

}  // namespace
}  // namespace stackprobe::sdk
