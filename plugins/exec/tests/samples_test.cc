// SPDX-License-Identifier: Apache-2.0
#include "samples.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "probe_result_helpers.h"

namespace stackprobe::exec {
namespace {

using stackprobe::testing::SampleValue;

TEST(SamplesTest, OneFamilyPerKindAndCountersAreCounters) {
  ProbeResult result;
  const std::vector<PerfdataItem> items = {
      {"procs", 3, PerfdataKind::kNumber},
      {"time", 0.5, PerfdataKind::kSeconds},
      {"size", 2048, PerfdataKind::kBytes},
      {"used", 0.25, PerfdataKind::kRatio},
      {"packets", 7, PerfdataKind::kCounter},
  };
  EXPECT_EQ(AddPerfdataSamples(result, items), 0U);
  ASSERT_EQ(result.samples.size(), 5U);
  EXPECT_EQ(SampleValue(result, "perfdata_value", {{"label", "procs"}}), 3);
  EXPECT_EQ(SampleValue(result, "perfdata_seconds", {{"label", "time"}}), 0.5);
  EXPECT_EQ(SampleValue(result, "perfdata_bytes", {{"label", "size"}}), 2048);
  EXPECT_EQ(SampleValue(result, "perfdata_ratio", {{"label", "used"}}), 0.25);
  EXPECT_EQ(SampleValue(result, "perfdata_total", {{"label", "packets"}}), 7);
  for (const auto& sample : result.samples) {
    EXPECT_EQ(sample.type, sample.name == "perfdata_total"
                               ? SampleType::kCounter
                               : SampleType::kGauge)
        << sample.name;
    EXPECT_FALSE(sample.help.empty());
  }
}

TEST(SamplesTest, LabelsAreBoundedPrintableAndUniqueAfterTheCut) {
  ProbeResult result;
  const std::string long_label(100, 'a');
  const std::vector<PerfdataItem> items = {
      {long_label + "1", 1, PerfdataKind::kNumber},
      {long_label + "2", 2, PerfdataKind::kNumber},
      {long_label + "3", 3, PerfdataKind::kSeconds},
      {"temp\xc3\xa9rature", 4, PerfdataKind::kNumber},
  };
  EXPECT_EQ(AddPerfdataSamples(result, items), 1U);
  const std::string cut(kMaxLabelBytes, 'a');
  EXPECT_EQ(SampleValue(result, "perfdata_value", {{"label", cut}}), 1);
  EXPECT_EQ(SampleValue(result, "perfdata_seconds", {{"label", cut}}), 3);
  EXPECT_EQ(SampleValue(result, "perfdata_value", {{"label", "temp??rature"}}),
            4);
  EXPECT_EQ(result.samples.size(), 3U);
}

TEST(SamplesTest, JsonMetricsAreOneFamilyWithANameLabel) {
  ProbeResult result;
  const std::string long_name(80, 'q');
  EXPECT_EQ(
      AddJsonMetricSamples(
          result, {{"queue", 12}, {long_name + "x", 1}, {long_name + "y", 2}}),
      1U);
  EXPECT_EQ(SampleValue(result, "metric", {{"name", "queue"}}), 12);
  EXPECT_EQ(SampleValue(result, "metric",
                        {{"name", std::string(kMaxLabelBytes, 'q')}}),
            1);
  EXPECT_EQ(result.samples.size(), 2U);
}

}  // namespace
}  // namespace stackprobe::exec
