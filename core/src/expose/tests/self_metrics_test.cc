// SPDX-License-Identifier: Apache-2.0
//
// The exporter's own prometheus-cpp families: reloads, sink writes and the
// opt-in probe run histograms, which follow the config through reloads.
#include "expose/self_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stackprobe::expose {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Render(const SelfMetrics& metrics) {
  return RenderMetrics({}, {}, {}, metrics.Families(), Format::kText004);
}

TEST(SelfMetrics, CountsReloadsByResultBothFromZero) {
  SelfMetrics metrics;
  EXPECT_THAT(Render(metrics),
              HasSubstr("stackprobe_config_reloads_total{result=\"failure\"} "
                        "0\nstackprobe_config_reloads_total{result="
                        "\"success\"} 0\n"));
  metrics.CountReload(true);
  metrics.CountReload(true);
  metrics.CountReload(false);
  EXPECT_THAT(Render(metrics),
              HasSubstr("stackprobe_config_reloads_total{result=\"failure\"} "
                        "1\nstackprobe_config_reloads_total{result="
                        "\"success\"} 2\n"));
}

TEST(SelfMetrics, ObservesProbeRunsWithTheProbesLabelsAndBuckets) {
  SelfMetrics metrics;
  metrics.SetProbeHistograms({{"db", {{"team", "ai"}, {"le", "x"}}, {0.5}}});
  metrics.ObserveProbeRun("db", 0.25);
  metrics.ObserveProbeRun("db", 0.75);
  metrics.ObserveProbeRun("other", 0.1);  // no histogram: ignored
  const std::string text = Render(metrics);
  EXPECT_THAT(text, HasSubstr("stackprobe_probe_run_duration_seconds_bucket{"
                              "le=\"0.5\",exported_le=\"x\",probe=\"db\","
                              "team=\"ai\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("stackprobe_probe_run_duration_seconds_count{"
                              "exported_le=\"x\",probe=\"db\",team=\"ai\"} "
                              "2\n"));
  EXPECT_THAT(text, Not(HasSubstr("probe=\"other\"")));
}

TEST(SelfMetrics, SettingTheProbesKeepsCountsRemovesAndRestarts) {
  SelfMetrics metrics;
  metrics.SetProbeHistograms(
      {{"kept", {}, {1}}, {"removed", {}, {1}}, {"rebucketed", {}, {1}}});
  for (const char* probe : {"kept", "removed", "rebucketed"}) {
    metrics.ObserveProbeRun(probe, 0.5);
  }
  metrics.SetProbeHistograms({{"kept", {}, {1}}, {"rebucketed", {}, {2}}});
  const std::string text = Render(metrics);
  EXPECT_THAT(text, HasSubstr("stackprobe_probe_run_duration_seconds_count{"
                              "probe=\"kept\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("stackprobe_probe_run_duration_seconds_count{"
                              "probe=\"rebucketed\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("le=\"2\",probe=\"rebucketed\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("probe=\"removed\"")));
}

TEST(SelfMetrics, CountsSinkWritesOfConfiguredSinksOnly) {
  SelfMetrics metrics;
  metrics.SetSinks({"legacy", "gone"});
  metrics.ObserveSinkWrite("legacy", true, 0.002);
  metrics.ObserveSinkWrite("legacy", false, 0.004);
  metrics.ObserveSinkWrite("unknown", true, 0.001);
  metrics.SetSinks({"legacy"});
  const std::string text = Render(metrics);
  EXPECT_THAT(text, HasSubstr("stackprobe_sink_writes_total{result=\"failure\","
                              "sink=\"legacy\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("stackprobe_sink_writes_total{result=\"success\","
                              "sink=\"legacy\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("stackprobe_sink_write_duration_seconds_count{"
                              "sink=\"legacy\"} 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("sink=\"gone\"")));
  EXPECT_THAT(text, Not(HasSubstr("sink=\"unknown\"")));
}

}  // namespace
}  // namespace stackprobe::expose
