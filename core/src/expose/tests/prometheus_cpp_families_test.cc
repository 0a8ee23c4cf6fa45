// SPDX-License-Identifier: Apache-2.0
//
// prometheus-cpp's collected families written by stackprobe's own writer:
// counters, gauges and histograms in text 0.0.4 and OpenMetrics, escaped and
// UTF-8 repaired where prometheus-cpp's TextSerializer is not.
#include "expose/prometheus_cpp_families.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "expose/self_metrics.h"
#include "fixtures.h"
#include "promtool.h"

namespace stackprobe::expose {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string RenderRegistry(const prometheus::Registry& registry,
                           Format format) {
  return RenderMetrics({}, {}, {},
                       FamiliesFromPrometheusCpp(registry.Collect()), format);
}

void FillSampleRegistry(prometheus::Registry& registry) {
  prometheus::BuildCounter()
      .Name("stackprobe_test_requests_total")
      .Help("Requests.")
      .Register(registry)
      .Add({{"handler", "/metrics"}, {"code", "200"}})
      .Increment(3);
  prometheus::BuildGauge()
      .Name("stackprobe_test_open")
      .Help("Open now.")
      .Register(registry)
      .Add({})
      .Set(2.5);
  auto& histogram = prometheus::BuildHistogram()
                        .Name("stackprobe_test_duration_seconds")
                        .Help("Durations.")
                        .Register(registry)
                        .Add({{"handler", "/probe"}},
                             prometheus::Histogram::BucketBoundaries{0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(2);
}

TEST(PrometheusCppFamilies, WritesCountersGaugesAndHistograms) {
  prometheus::Registry registry;
  FillSampleRegistry(registry);
  const std::string text = RenderRegistry(registry, Format::kText004);
  EXPECT_THAT(text, HasSubstr("# TYPE stackprobe_test_requests_total counter\n"
                              "stackprobe_test_requests_total{code=\"200\","
                              "handler=\"/metrics\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stackprobe_test_open gauge\n"
                              "stackprobe_test_open 2.5\n"));
  EXPECT_THAT(
      text,
      HasSubstr("# HELP stackprobe_test_duration_seconds Durations.\n"
                "# TYPE stackprobe_test_duration_seconds histogram\n"
                "stackprobe_test_duration_seconds_bucket{le=\"0.1\","
                "handler=\"/probe\"} 1\n"
                "stackprobe_test_duration_seconds_bucket{le=\"1\","
                "handler=\"/probe\"} 2\n"
                "stackprobe_test_duration_seconds_bucket{le=\"+Inf\","
                "handler=\"/probe\"} 3\n"
                "stackprobe_test_duration_seconds_sum{handler=\"/probe\"} "
                "2.55\n"
                "stackprobe_test_duration_seconds_count{handler=\"/probe\"} "
                "3\n"));
}

TEST(PrometheusCppFamilies, PromtoolAcceptsThem) {
  prometheus::Registry registry;
  FillSampleRegistry(registry);
  const std::string text = RenderRegistry(registry, Format::kText004);
  const auto result = testing::CheckMetrics(text);
  ASSERT_TRUE(result.found) << result.error;
  EXPECT_EQ(result.exit_code, 0) << result.output << text;
  EXPECT_EQ(result.output, "") << text;
}

TEST(PrometheusCppFamilies, OpenMetricsKeepsTheHistogramType) {
  prometheus::Registry registry;
  FillSampleRegistry(registry);
  const std::string text = RenderRegistry(registry, Format::kOpenMetrics);
  EXPECT_THAT(text,
              HasSubstr("# TYPE stackprobe_test_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stackprobe_test_requests counter\n"
                              "stackprobe_test_requests_total{"));
  EXPECT_TRUE(text.ends_with("# EOF\n"));
}

TEST(PrometheusCppFamilies, HelpAndLabelValuesAreEscapedAndRepaired) {
  prometheus::Registry registry;
  prometheus::BuildCounter()
      .Name("stackprobe_test_total")
      .Help("a \\ b\nc")
      .Register(registry)
      .Add({{"sink", "bad\xff\"x"}})
      .Increment();
  const std::string text = RenderRegistry(registry, Format::kText004);
  EXPECT_THAT(text, HasSubstr("# HELP stackprobe_test_total a \\\\ b\\nc\n"));
  EXPECT_THAT(text, HasSubstr("stackprobe_test_total{sink=\"bad\xEF\xBF\xBD"
                              "\\\"x\"} 1\n"));
}

TEST(PrometheusCppFamilies, AFamilyWithoutMetricsWritesNothing) {
  prometheus::Registry registry;
  prometheus::BuildHistogram()
      .Name("stackprobe_test_empty_seconds")
      .Help("Nothing yet.")
      .Register(registry);
  EXPECT_THAT(RenderRegistry(registry, Format::kText004),
              Not(HasSubstr("stackprobe_test_empty_seconds")));
}

}  // namespace
}  // namespace stackprobe::expose
