// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/iso_time.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::plugin_common {
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

// The coordinator's /stats timestamps (RFC 3339 profile).
TEST(IsoTimeRfc3339Test, ReadsPythonIsoformat) {
  constexpr IsoSyntax kStrict = IsoSyntax::kRfc3339;
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:01:00Z", kStrict), 60);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T01:00:00+01:00", kStrict), 0);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00-00:30", kStrict), 1800);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:10", kStrict), 10);
  EXPECT_NEAR(*ParseIsoTimestamp("1970-01-01T00:00:00.25", kStrict), 0.25,
              1e-9);
  EXPECT_FALSE(ParseIsoTimestamp("", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("yesterday", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("2026-13-01T00:00:00Z", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("2026-01-01T00:00:00+0100", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("2026-01-01T00:00:00Zjunk", kStrict));
}

TEST(IsoTimeRfc3339Test, RejectsWhatOnlyTheLenientSyntaxAllows) {
  constexpr IsoSyntax kStrict = IsoSyntax::kRfc3339;
  EXPECT_FALSE(ParseIsoTimestamp("2026-01-06 16:00:01", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("1969-12-31T23:59:59Z", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp(
      "2026-01-06T16:00:01." + std::string(60, '1') + "Z", kStrict));
  EXPECT_FALSE(ParseIsoTimestamp("2026-01-06T16:00:01+24:00", kStrict));
  EXPECT_TRUE(ParseIsoTimestamp("2026-01-06T16:00:01+24:00"));
}

}  // namespace
}  // namespace stackprobe::plugin_common
