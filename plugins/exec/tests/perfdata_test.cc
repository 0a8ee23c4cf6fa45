// SPDX-License-Identifier: Apache-2.0
#include "perfdata.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::exec {
namespace {

TEST(PerfdataTest, ReadsEveryFieldLayoutAndKeepsOnlyTheValue) {
  const Perfdata perfdata = ParsePerfdata(
      "time=0.000169s;;;0.000000;10.000000 procs=97;;;0; load1=0.5;1;2 "
      "users=3",
      10);
  ASSERT_EQ(perfdata.items.size(), 4U);
  EXPECT_EQ(perfdata.skipped, 0U);
  EXPECT_EQ(perfdata.items[0].label, "time");
  EXPECT_EQ(perfdata.items[0].kind, PerfdataKind::kSeconds);
  EXPECT_DOUBLE_EQ(perfdata.items[0].value, 0.000169);
  EXPECT_EQ(perfdata.items[1].label, "procs");
  EXPECT_EQ(perfdata.items[1].kind, PerfdataKind::kNumber);
  EXPECT_DOUBLE_EQ(perfdata.items[1].value, 97);
  EXPECT_DOUBLE_EQ(perfdata.items[2].value, 0.5);
  EXPECT_DOUBLE_EQ(perfdata.items[3].value, 3);
}

TEST(PerfdataTest, QuotedLabelsKeepSpacesEqualsAndDoubledQuotes) {
  const Perfdata perfdata = ParsePerfdata(
      "'/var/lib/my data'=10B 'a=b'=1 'it''s'=2 '/'=3MB;1;2;0;4", 10);
  ASSERT_EQ(perfdata.items.size(), 4U);
  EXPECT_EQ(perfdata.items[0].label, "/var/lib/my data");
  EXPECT_EQ(perfdata.items[1].label, "a=b");
  EXPECT_EQ(perfdata.items[2].label, "it's");
  EXPECT_EQ(perfdata.items[3].label, "/");
}

TEST(PerfdataTest, ConvertsUnitsToBaseUnits) {
  const Perfdata perfdata = ParsePerfdata(
      "a=1500ms b=250us c=2s d=1KB e=1kB f=3MB g=2GB h=1TB i=1MiB j=75% "
      "k=1234c l=-5",
      20);
  ASSERT_EQ(perfdata.items.size(), 12U);
  const double kib = 1024;
  const double expected[] = {1.5,
                             250e-6,
                             2,
                             kib,
                             kib,
                             3 * kib * kib,
                             2 * kib * kib * kib,
                             kib * kib * kib * kib,
                             kib * kib,
                             0.75,
                             1234,
                             -5};
  const PerfdataKind kinds[] = {
      PerfdataKind::kSeconds, PerfdataKind::kSeconds, PerfdataKind::kSeconds,
      PerfdataKind::kBytes,   PerfdataKind::kBytes,   PerfdataKind::kBytes,
      PerfdataKind::kBytes,   PerfdataKind::kBytes,   PerfdataKind::kBytes,
      PerfdataKind::kRatio,   PerfdataKind::kCounter, PerfdataKind::kNumber};
  for (std::size_t i = 0; i < perfdata.items.size(); ++i) {
    SCOPED_TRACE(perfdata.items[i].label);
    EXPECT_DOUBLE_EQ(perfdata.items[i].value, expected[i]);
    EXPECT_EQ(perfdata.items[i].kind, kinds[i]);
  }
}

TEST(PerfdataTest, DropsGarbageAndKeepsTheGoodItemsAround) {
  const Perfdata perfdata =
      ParsePerfdata("ok1=1 =5 novalue= U=U bad=12parsecs 'open=3 ", 10);
  ASSERT_EQ(perfdata.items.size(), 1U);
  EXPECT_EQ(perfdata.items[0].label, "ok1");
  EXPECT_EQ(perfdata.skipped, 5U);

  const Perfdata loose =
      ParsePerfdata("words before a=1 'x'y=2 b=2,5s c=inf d=nan e=1e3s", 10);
  ASSERT_EQ(loose.items.size(), 2U);
  EXPECT_EQ(loose.items[0].label, "a");
  EXPECT_EQ(loose.items[1].label, "e");
  EXPECT_DOUBLE_EQ(loose.items[1].value, 1000);
  EXPECT_EQ(loose.skipped, 6U);
}

TEST(PerfdataTest, CapsItemsAndKeepsTheFirstOfARepeatedLabel) {
  const Perfdata perfdata = ParsePerfdata("a=1 a=2 b=3 c=4 d=5", 2);
  ASSERT_EQ(perfdata.items.size(), 2U);
  EXPECT_DOUBLE_EQ(perfdata.items[0].value, 1);
  EXPECT_EQ(perfdata.items[1].label, "b");
  EXPECT_EQ(perfdata.skipped, 3U);
}

TEST(PerfdataTest, EmptyAndBlankTextHaveNoItems) {
  EXPECT_TRUE(ParsePerfdata("", 10).items.empty());
  EXPECT_TRUE(ParsePerfdata(" \n\t ", 10).items.empty());
  EXPECT_EQ(ParsePerfdata(" \n\t ", 10).skipped, 0U);
}

TEST(PerfdataTest, UnitScaleKnowsOnlyTheFormatsUnits) {
  PerfdataKind kind = PerfdataKind::kNumber;
  double scale = 0;
  EXPECT_TRUE(UnitScale("GB", kind, scale));
  EXPECT_EQ(kind, PerfdataKind::kBytes);
  EXPECT_DOUBLE_EQ(scale, 1024.0 * 1024 * 1024);
  EXPECT_FALSE(UnitScale("gb", kind, scale));
  EXPECT_FALSE(UnitScale("Hz", kind, scale));
  EXPECT_FALSE(UnitScale("sec", kind, scale));
}

}  // namespace
}  // namespace stackprobe::exec
