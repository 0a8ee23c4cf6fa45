// SPDX-License-Identifier: Apache-2.0
#include "dashboard_queries.h"

#include <gtest/gtest.h>

namespace stackprobe::testing {
namespace {

using Names = std::set<std::string>;

TEST(MetricNamesTest, FindsSelectorsNotFunctionsOrLabels) {
  EXPECT_EQ(
      MetricNames(
          R"(sum by (instance, probe) (rate(x_total{probe=~"a|b"}[5m])))"),
      Names{"x_total"});
  EXPECT_EQ(MetricNames(R"(up{job="stackprobe"} == 0)"), Names{"up"});
  EXPECT_EQ(MetricNames("a * on (instance) group_left (depends_on) b"),
            Names({"a", "b"}));
  EXPECT_EQ(
      MetricNames(
          R"q(label_replace(m == 1, "depends_on", "$1", "probe", "(.+)"))q"),
      Names{"m"});
  EXPECT_EQ(MetricNames("max without (state) (s) or vector(0)"), Names{"s"});
  EXPECT_EQ(MetricNames("stackprobe:probe_state:code > bool 2"),
            Names{"stackprobe:probe_state:code"});
  EXPECT_EQ(MetricNames("min_over_time(timestamp(a == 0)[5m:10s]) * 1e3"),
            Names{"a"});
  EXPECT_EQ(MetricNames("count(a) and b unless c offset 5m"),
            Names({"a", "b", "c"}));
}

TEST(MetricNamesTest, IgnoresStringsWithBraces) {
  EXPECT_EQ(MetricNames(R"(a{x="}", y='b{c}'})"), Names{"a"});
  EXPECT_EQ(MetricNames("{__name__=\"a\"}"), Names{});
}

TEST(SubstituteVariablesTest, ReplacesEveryForm) {
  const std::map<std::string, std::string> values = {
      {"instance", ".*"}, {"__rate_interval", "10s"}, {"probe", "q"}};
  EXPECT_EQ(
      SubstituteVariables(
          R"(rate(a{instance=~"$instance",probe=~"${probe:regex}"}[$__rate_interval]))",
          values),
      R"(rate(a{instance=~".*",probe=~"q"}[10s]))");
  EXPECT_EQ(SubstituteVariables("[[probe]] $unknown $1", values),
            "q $unknown $1");
  // A longer name is not cut at a shorter known one.
  EXPECT_EQ(SubstituteVariables("$probes", values), "$probes");
}

TEST(UrlEncodeTest, EncodesReservedCharacters) {
  EXPECT_EQ(UrlEncode(R"(a{b="c d"}+1)"), "a%7Bb%3D%22c%20d%22%7D%2B1");
}

}  // namespace
}  // namespace stackprobe::testing
