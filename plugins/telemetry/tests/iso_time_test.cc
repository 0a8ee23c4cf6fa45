// SPDX-License-Identifier: Apache-2.0
#include "iso_time.h"

#include <gtest/gtest.h>

namespace stackprobe::telemetry {
namespace {

TEST(IsoTimeTest, PythonIsoformatWithMicrosecondsAndOffset) {
  const auto value = ParseIsoTimestamp("2026-01-06T16:00:01.501122+00:00");
  ASSERT_TRUE(value.has_value());
  EXPECT_NEAR(*value, 1767715201.501122, 1e-6);
}

TEST(IsoTimeTest, OffsetsAndZuluAndNaive) {
  EXPECT_EQ(ParseIsoTimestamp("2026-01-06T08:00:01-08:00"), 1767715201.0);
  EXPECT_EQ(ParseIsoTimestamp("2026-01-06T21:30:01+0530"), 1767715201.0);
  EXPECT_EQ(ParseIsoTimestamp("2026-01-06T16:00:01Z"), 1767715201.0);
  EXPECT_EQ(ParseIsoTimestamp("2026-01-06 16:00:01"), 1767715201.0);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(ParseIsoTimestamp("2024-02-29T00:00:00Z"), 1709164800.0);
}

TEST(IsoTimeTest, RejectsWhatIsNotATimestamp) {
  for (const char* text : {"", "2026", "2026-01-06", "2026-13-06T16:00:01Z",
                           "2026-01-06T25:00:01Z", "2026-01-06T16:00:01.Z",
                           "2026-01-06T16:00:01+5", "2026-01-06T16:00:01 ",
                           "yesterday", "2026-01-06T16:00:01+00:00trailing"}) {
    EXPECT_FALSE(ParseIsoTimestamp(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace stackprobe::telemetry
