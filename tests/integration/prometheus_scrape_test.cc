// SPDX-License-Identifier: Apache-2.0
//
// A real Prometheus scrapes stackprobe's /metrics and /probe (blackbox
// style, with params) and sees `up` 1 for both, and the probe's samples.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(PrometheusScrapeTest, RealPrometheusScrapesMetricsAndProbe) {
  const auto prometheus_check =
      RunToCompletion({"prometheus", "--version"}, milliseconds(10000));
  ASSERT_EQ(prometheus_check.exit_code, 0)
      << "the prometheus binary is required (Debian package prometheus)";

  TempDir dir;
  const std::string plugins = dir.path() + "/plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/good_probe.so",
      plugins + "/good_probe.so");
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write("stackprobe.yml", ConfigText(port, plugins, R"(
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  const auto prometheus_port = FreeLoopbackPort();
  const std::string target = "127.0.0.1:" + std::to_string(port);
  const auto prometheus_config = dir.Write("prometheus.yml", R"(
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: stackprobe
    static_configs: [{targets: [")" + target + R"("]}]
  - job_name: stackprobe_probe
    metrics_path: /probe
    params: {probe: [good]}
    static_configs: [{targets: [")" + target + R"("]}]
)");
  const auto check = RunToCompletion(
      {"promtool", "check", "config", prometheus_config}, milliseconds(20000));
  ASSERT_EQ(check.exit_code, 0) << check.out << check.err;

  // Prometheus is a daemon of its own; DaemonProcess polls its /-/ready.
  DaemonProcess prometheus(
      "/usr/bin/prometheus",
      {"--config.file=" + prometheus_config,
       "--storage.tsdb.path=" + dir.path() + "/tsdb",
       "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
      prometheus_port);
  ASSERT_TRUE(prometheus.ready()) << prometheus.Log();

  auto query = [&](const std::string& promql) {
    std::string encoded;
    for (const char ch : promql) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || c == '_') {
        encoded += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        encoded += hex;
      }
    }
    return prometheus.Request("GET", "/api/v1/query?query=" + encoded).body;
  };
  // New targets show their first sample after a few seconds (discovery).
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  std::string up_metrics;
  std::string up_probe;
  std::string success;
  while (Clock::now() < deadline) {
    up_metrics = query("up{job=\"stackprobe\"} == 1");
    up_probe = query("up{job=\"stackprobe_probe\"} == 1");
    success = query("probe_success{job=\"stackprobe_probe\"} == 1");
    const std::string found = "\"result\":[{";
    if (up_metrics.find(found) != std::string::npos &&
        up_probe.find(found) != std::string::npos &&
        success.find(found) != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(250));
  }
  EXPECT_NE(up_metrics.find("\"result\":[{"), std::string::npos) << up_metrics;
  EXPECT_NE(up_probe.find("\"result\":[{"), std::string::npos) << up_probe;
  EXPECT_NE(success.find("\"result\":[{"), std::string::npos) << success;
  const auto series = query("stackprobe_probe_success{probe=\"good\"}");
  EXPECT_NE(series.find("\"value\":["), std::string::npos) << series;
}

}  // namespace
}  // namespace stackprobe::testing
