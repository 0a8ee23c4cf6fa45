// SPDX-License-Identifier: Apache-2.0
//
// The exporter's own prometheus-cpp metrics in the real daemon's /metrics:
// HTTP requests by handler and code after known requests, the opt-in probe
// run histogram counting every run, reloads by result, promtool-clean, and a
// reload that removes a probe removes its histogram.
#include <gtest/gtest.h>

#include <filesystem>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

// The value of `series` (name and labels exactly as written), or -1.
double ValueOf(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + series.size() + 2));
}

class SelfMetricsTest : public ::testing::Test {
 protected:
  void Start(const std::string& probes_yaml) {
    const std::string plugins = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins);
    std::filesystem::copy_file(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/good_probe.so",
        plugins + "/good_probe.so");
    port_ = FreeLoopbackPort();
    config_ =
        dir_.Write("stackprobe.yml", ConfigText(port_, plugins, probes_yaml));
    daemon_ = std::make_unique<DaemonProcess>(
        STACKPROBE_BINARY,
        std::vector<std::string>{"--config", config_, "serve"}, port_);
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  void Rewrite(const std::string& probes_yaml) {
    dir_.Write("stackprobe.yml",
               ConfigText(port_, dir_.path() + "/plugins", probes_yaml));
  }

  std::string Metrics() const {
    return daemon_->Request("GET", "/metrics").body;
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::string config_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(SelfMetricsTest, HttpAndProbeHistogramFamiliesFollowKnownRequests) {
  // runs_total, which the histogram's count must equal, is opt-in.
  Start(R"(
exposition: {probe_series: full}
probes:
  - name: timed
    plugin: good_probe
    interval: 1h
    labels: {team: ai}
    duration_histogram: [0.5, 1]
  - {name: plain, plugin: good_probe, interval: 1h}
)");
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(daemon_->Request("GET", "/-/healthy").status, 200);
  }
  ASSERT_EQ(daemon_->Request("GET", "/no-such-page?x=1").status, 404);
  ASSERT_EQ(daemon_->Request("GET", "/another/unknown").status, 404);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(daemon_->Request("GET", "/probe?probe=timed").status, 200);
  }

  const std::string runs =
      "stackprobe_probe_runs_total{probe=\"timed\",team=\"ai\"}";
  const std::string count =
      "stackprobe_probe_run_duration_seconds_count{probe=\"timed\",team="
      "\"ai\"}";
  // The scheduled first run may land between the snapshot and the
  // histogram of one scrape; the next scrape then agrees.
  std::string metrics;
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
  do {
    metrics = Metrics();
  } while (ValueOf(metrics, count) != ValueOf(metrics, runs) &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_GE(ValueOf(metrics, runs), 4) << metrics;
  EXPECT_EQ(ValueOf(metrics, count), ValueOf(metrics, runs)) << metrics;
  EXPECT_NE(metrics.find("# TYPE stackprobe_probe_run_duration_seconds "
                         "histogram\n"),
            std::string::npos);
  EXPECT_EQ(ValueOf(metrics,
                    "stackprobe_probe_run_duration_seconds_bucket{le=\"+Inf\","
                    "probe=\"timed\",team=\"ai\"}"),
            ValueOf(metrics, runs));
  EXPECT_GE(ValueOf(metrics,
                    "stackprobe_probe_run_duration_seconds_bucket{le=\"0.5\","
                    "probe=\"timed\",team=\"ai\"}"),
            0);
  EXPECT_EQ(metrics.find("stackprobe_probe_run_duration_seconds_count{probe="
                         "\"plain\""),
            std::string::npos)
      << "a probe without duration_histogram has none";

  EXPECT_EQ(ValueOf(metrics,
                    "stackprobe_http_requests_total{code=\"200\","
                    "handler=\"/-/healthy\"}"),
            3);
  EXPECT_EQ(ValueOf(metrics,
                    "stackprobe_http_requests_total{code=\"404\","
                    "handler=\"other\"}"),
            2);
  EXPECT_EQ(ValueOf(metrics,
                    "stackprobe_http_requests_total{code=\"200\","
                    "handler=\"/probe\"}"),
            4);
  EXPECT_EQ(ValueOf(metrics,
                    "stackprobe_http_request_duration_seconds_count{"
                    "handler=\"/-/healthy\"}"),
            3);
  EXPECT_EQ(metrics.find("no-such-page"), std::string::npos);
  EXPECT_GE(ValueOf(metrics, "stackprobe_http_connections_open"), 1);
  EXPECT_EQ(
      ValueOf(metrics, "stackprobe_config_reloads_total{result=\"success\"}"),
      0);

  const auto lint = RunToCompletion({"promtool", "check", "metrics"},
                                    milliseconds(20000), metrics);
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_EQ(lint.out + lint.err, "");
}

TEST_F(SelfMetricsTest, AReloadRemovesTheHistogramOfARemovedProbe) {
  Start(R"(
probes:
  - {name: kept, plugin: good_probe, interval: 1h, duration_histogram: true}
  - {name: removed, plugin: good_probe, interval: 1h, duration_histogram: true}
)");
  ASSERT_EQ(daemon_->Request("GET", "/probe?probe=removed").status, 200);
  auto metrics = Metrics();
  ASSERT_GE(ValueOf(metrics,
                    "stackprobe_probe_run_duration_seconds_count{"
                    "probe=\"removed\"}"),
            1)
      << metrics;

  Rewrite(R"(
probes:
  - {name: kept, plugin: good_probe, interval: 1h, duration_histogram: true}
)");
  ASSERT_EQ(daemon_->Request("POST", "/-/reload").status, 200)
      << daemon_->Log();
  metrics = Metrics();
  EXPECT_EQ(metrics.find("probe=\"removed\""), std::string::npos) << metrics;
  EXPECT_GE(ValueOf(metrics,
                    "stackprobe_probe_run_duration_seconds_count{"
                    "probe=\"kept\"}"),
            0);
  EXPECT_EQ(
      ValueOf(metrics, "stackprobe_config_reloads_total{result=\"success\"}"),
      1);

  dir_.Write("stackprobe.yml", "probes: [{name: broken}]\n");
  ASSERT_EQ(daemon_->Request("POST", "/-/reload").status, 500);
  metrics = Metrics();
  EXPECT_EQ(
      ValueOf(metrics, "stackprobe_config_reloads_total{result=\"failure\"}"),
      1);
  EXPECT_GE(ValueOf(metrics,
                    "stackprobe_probe_run_duration_seconds_count{"
                    "probe=\"kept\"}"),
            0)
      << "a failed reload keeps the running probes' histograms";
}

}  // namespace
}  // namespace stackprobe::testing
