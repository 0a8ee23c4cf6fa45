// SPDX-License-Identifier: Apache-2.0
//
// Reloads end to end: a good reload swaps in the new probes; a bad one keeps
// the running config and says so through the reload metrics.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

double MetricValue(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + series.size() + 2));
}

class ReloadTest : public ::testing::TestWithParam<bool> {};

TEST_P(ReloadTest, AGoodReloadSwapsAndABadOneKeepsTheRunningConfig) {
  const bool use_sighup = GetParam();
  TempDir dir;
  const std::string plugins = dir.path() + "/plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/good_probe.so",
      plugins + "/good_probe.so");
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write("stackprobe.yml", ConfigText(port, plugins, R"(
probes:
  - {name: first, plugin: good_probe, interval: 1s, timeout: 1s}
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();
  ASSERT_TRUE(daemon.WaitForMetric(
      "stackprobe_probe_success{probe=\"first\"} 1", milliseconds(5000)));
  auto reload = [&] {
    if (use_sighup) {
      daemon.Signal(SIGHUP);
      return 0L;
    }
    return daemon.Request("POST", "/-/reload").status;
  };

  // Good: "first" goes, "second" comes.
  dir.Write("stackprobe.yml", ConfigText(port, plugins, R"(
probes:
  - {name: second, plugin: good_probe, interval: 1s, timeout: 1s}
)"));
  const auto good_status = reload();
  if (!use_sighup) {
    EXPECT_EQ(good_status, 200);
  }
  ASSERT_TRUE(daemon.WaitForMetric(
      "stackprobe_probe_success{probe=\"second\"} 1", milliseconds(5000)))
      << daemon.Log();
  auto metrics = daemon.Request("GET", "/metrics").body;
  EXPECT_EQ(metrics.find("probe=\"first\""), std::string::npos)
      << "a removed probe must disappear";
  EXPECT_EQ(MetricValue(metrics, "stackprobe_config_last_reload_successful"),
            1);
  const double good_time = MetricValue(
      metrics, "stackprobe_config_last_reload_success_timestamp_seconds");
  EXPECT_GT(good_time, 0);

  // Bad: an unknown key. The running config stays.
  dir.Write("stackprobe.yml", ConfigText(port, plugins, R"(
probes:
  - {name: third, plugin: good_probe, intervall: 1s}
)"));
  const auto bad_status = reload();
  if (!use_sighup) {
    EXPECT_EQ(bad_status, 500);
  }
  ASSERT_TRUE(daemon.WaitForMetric(
      "\nstackprobe_config_last_reload_successful 0", milliseconds(5000)));
  metrics = daemon.Request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("stackprobe_probe_success{probe=\"second\"} 1"),
            std::string::npos);
  EXPECT_EQ(metrics.find("probe=\"third\""), std::string::npos);
  EXPECT_EQ(
      MetricValue(metrics,
                  "stackprobe_config_last_reload_success_timestamp_seconds"),
      good_time);
  EXPECT_NE(daemon.Log().find("unknown key \"intervall\""), std::string::npos)
      << daemon.Log();
}

INSTANTIATE_TEST_SUITE_P(ByHttpAndBySighup, ReloadTest, ::testing::Bool(),
                         [](const auto& test_info) {
                           return test_info.param ? "Sighup" : "HttpPost";
                         });

}  // namespace
}  // namespace stackprobe::testing
