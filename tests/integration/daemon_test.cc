// SPDX-License-Identifier: Apache-2.0
//
// The daemon end to end: scrapes never wait for targets, broken plugins are
// refused or contained while the others keep working, the exposition passes
// promtool, HTTP details, and a clean SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

// Copies test plugins into a private folder (the build folder may have
// modes the loader would refuse, and each test wants its own set).
std::string PluginFolder(const TempDir& dir,
                         const std::vector<std::string>& names) {
  const std::string folder = dir.path() + "/plugins";
  std::filesystem::create_directories(folder);
  for (const auto& name : names) {
    std::filesystem::copy_file(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
        folder + "/" + name + ".so",
        std::filesystem::copy_options::overwrite_existing);
  }
  return folder;
}

CommandOutcome Promtool(const std::string& exposition) {
  return RunToCompletion({"promtool", "check", "metrics"}, milliseconds(20000),
                         exposition);
}

// Polls until `path` exists or `limit` passes.
bool WaitForFile(const std::string& path, milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!std::filesystem::exists(path)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

class DaemonTest : public ::testing::Test {
 protected:
  void StartWith(const std::vector<std::string>& plugins,
                 const std::string& probes_yaml) {
    port_ = FreeLoopbackPort();
    const auto folder = PluginFolder(dir_, plugins);
    config_ =
        dir_.Write("stackprobe.yml", ConfigText(port_, folder, probes_yaml));
    daemon_ = std::make_unique<DaemonProcess>(
        STACKPROBE_BINARY,
        std::vector<std::string>{"--config", config_, "serve"}, port_);
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::string config_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(DaemonTest, AHangingTargetCannotDelayAScrape) {
  const std::string started = dir_.path() + "/hang-started";
  StartWith({"slow_probe", "good_probe"}, R"(
probes:
  - {name: hangs, plugin: slow_probe, interval: 12s, timeout: 10s,
     config: {started_file: ")" + started + R"("}}
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)");
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_success{probe=\"good\"} 1", milliseconds(5000)));
  // The first run waits for its phase, up to one interval.
  ASSERT_TRUE(WaitForFile(started, milliseconds(15000)));
  // The hanging probe is in flight for 10 s; every scrape meanwhile is fast.
  double slowest = 0;
  for (int i = 0; i < 50; ++i) {
    const auto response = daemon_->Request("GET", "/metrics");
    ASSERT_EQ(response.status, 200);
    slowest = std::max(slowest, response.timings.total);
  }
  EXPECT_LT(slowest, 0.050) << "a scrape took " << slowest << " s";
}

TEST_F(DaemonTest, RefusesOrContainsBrokenPluginsAndKeepsTheOthers) {
  const std::string state_file = dir_.Write("state", "up");
  StartWith({"good_probe", "wrong_abi", "throwing_create", "throwing_run",
             "flaky_probe"},
            R"(
exposition: {probe_series: full}
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
  - {name: from_the_future, plugin: wrong_abi, interval: 1s, timeout: 1s}
  - {name: cannot_create, plugin: throwing_create, interval: 1s, timeout: 1s}
  - {name: throws, plugin: throwing_run, interval: 1s, timeout: 1s}
  - name: flaky
    plugin: flaky_probe
    interval: 1s
    timeout: 1s
    config: {state_file: ")" +
                state_file + R"("}
)");
  for (const std::string series :
       {"stackprobe_probe_success{probe=\"flaky\"} 1",
        "stackprobe_probe_success{probe=\"good\"} 1",
        "stackprobe_probe_state{probe=\"cannot_create\",state=\"error\"} 1",
        "stackprobe_probe_state{probe=\"from_the_future\",state=\"error\"} 1",
        "stackprobe_probe_state{probe=\"throws\",state=\"error\"} 1"}) {
    ASSERT_TRUE(daemon_->WaitForMetric(series, milliseconds(5000))) << series;
  }
  const std::string log = daemon_->Log();
  EXPECT_NE(log.find("wrong_abi.so reason=\"plugin ABI version 999, "
                     "this stackprobe needs 2"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("cannot open /nonexistent/model.bin"), std::string::npos)
      << log;
  const auto metrics = daemon_->Request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("stackprobe_probe_success{probe=\"good\"} 1"),
            std::string::npos);
  EXPECT_NE(
      metrics.find(
          "stackprobe_probe_state{probe=\"cannot_create\",state=\"error\"} 1"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("stackprobe_probe_state{probe=\"from_the_future\","
                         "state=\"error\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("stackprobe_probe_failures_total{probe=\"throws\","
                         "reason=\"plugin_error\"}"),
            std::string::npos);
  const auto status = daemon_->Request("GET", "/api/v1/status").body;
  EXPECT_NE(status.find("the plugin threw: index out of range in parser"),
            std::string::npos)
      << status;
}

TEST_F(DaemonTest, ADependantOfADownProbeRunsAndEveryViewSaysItIsBlocked) {
  const std::string state_file = dir_.Write("database-state", "down");
  StartWith({"flaky_probe", "good_probe"}, R"(
probes:
  - name: database
    plugin: flaky_probe
    interval: 1s
    timeout: 1s
    config: {state_file: ")" + state_file + R"("}
  - {name: api, plugin: good_probe, interval: 1s, timeout: 1s,
     depends_on: [database]}
)");
  // The dependant keeps its own answer; being blocked is a separate series.
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_state{probe=\"api\",state=\"up\"} 1",
      milliseconds(10000)))
      << daemon_->Log();
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_state{probe=\"database\",state=\"down\"} 1",
      milliseconds(10000)))
      << daemon_->Log();
  const auto metrics = daemon_->Request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("stackprobe_probe_blocked{probe=\"api\"} 1"),
            std::string::npos)
      << metrics;
  // The lean default leaves the opt-in families out.
  EXPECT_EQ(metrics.find("stackprobe_probe_runs_total"), std::string::npos);
  // A probe without dependencies cannot be blocked: no series for it.
  EXPECT_EQ(metrics.find("stackprobe_probe_blocked{probe=\"database\""),
            std::string::npos)
      << metrics;
  const auto status =
      nlohmann::json::parse(daemon_->Request("GET", "/api/v1/status").body);
  for (const auto& probe : status["probes"]) {
    if (probe["name"] == "api") {
      EXPECT_EQ(probe["blocked_by"], "database") << probe.dump();
      EXPECT_EQ(probe["state"], "up") << probe.dump();
    }
  }
  EXPECT_NE(daemon_->Request("GET", "/").body.find("blocked by database"),
            std::string::npos);
  // The dependency recovers: nothing is blocked any more.
  dir_.Write("database-state", "up");
  EXPECT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_blocked{probe=\"api\"} 0", milliseconds(10000)))
      << daemon_->Log();
}

TEST_F(DaemonTest, ForeignHostsAndCrossSiteStateChangesAreRefused) {
  StartWith({"good_probe"}, R"(
api: {allowed_hosts: [Stackprobe.LAN]}
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)");
  const std::string port = std::to_string(port_);
  // DNS rebinding: a page whose name now resolves to 127.0.0.1.
  for (const char* path : {"/metrics", "/api/v1/status", "/probe?probe=good"}) {
    EXPECT_EQ(
        daemon_->Request("GET", path, {{"Host", "rebound.example:" + port}})
            .status,
        421)
        << path;
  }
  EXPECT_EQ(
      daemon_->Request("GET", "/metrics", {{"Host", "stackprobe.lan:" + port}})
          .status,
      200);
  EXPECT_EQ(daemon_->Request("GET", "/metrics", {{"Host", "localhost:" + port}})
                .status,
            200);
  // Cross-site requests that change state: a foreign Origin, a form or a
  // plain-text body (what a page may send anywhere without asking).
  EXPECT_EQ(
      daemon_
          ->Request("POST", "/-/reload", {{"Origin", "https://evil.example"}})
          .status,
      403);
  EXPECT_EQ(
      daemon_->Request("POST", "/-/reload", {{"Content-Type", "text/plain"}})
          .status,
      403);
  EXPECT_EQ(daemon_->Request("POST", "/-/reload").status, 200)
      << "a plain POST (curl -X POST) still reloads";
  EXPECT_EQ(daemon_
                ->Request("POST", "/-/reload",
                          {{"Origin", "http://127.0.0.1:" + port}})
                .status,
            200);
}

TEST_F(DaemonTest, RefusesAWorldWritablePluginWithAClearLogLine) {
  StartWith({"good_probe"}, R"(
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)");
  const std::string writable = dir_.path() + "/plugins/good_probe.so";
  std::filesystem::permissions(writable, std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  // A reload re-scans: the library already loaded stays, but a fresh
  // daemon must refuse the file.
  auto second_port = FreeLoopbackPort();
  const auto config = dir_.Write(
      "second.yml", ConfigText(second_port, dir_.path() + "/plugins", R"(
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)"));
  DaemonProcess second(STACKPROBE_BINARY, {"--config", config, "serve"},
                       second_port);
  ASSERT_TRUE(second.ready()) << second.Log();
  ASSERT_TRUE(second.WaitForMetric(
      "stackprobe_probe_state{probe=\"good\",state=\"error\"} 1",
      milliseconds(5000)))
      << second.Log();
  EXPECT_NE(second.Log().find("reason=\"the file is writable by group or "
                              "others (mode 0757)"),
            std::string::npos)
      << second.Log();
}

TEST_F(DaemonTest, ExpositionPassesPromtoolForMetricsAndProbe) {
  StartWith({"good_probe", "throwing_run"}, R"(
exposition: {probe_series: full}
probes:
  - name: good
    plugin: good_probe
    interval: 1s
    timeout: 1s
    labels: {tier: "core \"quoted\""}
  - {name: throws, plugin: throwing_run, interval: 1s, timeout: 1s}
)");
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_runs_total{probe=\"throws\"", milliseconds(5000)));
  const auto metrics = daemon_->Request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  const auto lint = Promtool(metrics.body);
  EXPECT_EQ(lint.exit_code, 0) << lint.err << lint.out;
  EXPECT_EQ(lint.err, "");

  const auto probe =
      daemon_->Request("GET", "/probe?probe=good",
                       {{"X-Prometheus-Scrape-Timeout-Seconds", "5"}});
  ASSERT_EQ(probe.status, 200);
  EXPECT_NE(probe.body.find("probe_success 1"), std::string::npos)
      << probe.body;
  EXPECT_NE(probe.body.find("probe_duration_seconds"), std::string::npos);
  const auto probe_lint = Promtool(probe.body);
  EXPECT_EQ(probe_lint.exit_code, 0) << probe_lint.err;
  EXPECT_EQ(probe_lint.err, "");

  EXPECT_EQ(daemon_->Request("GET", "/probe?probe=nope").status, 400);
  EXPECT_EQ(daemon_->Request("GET", "/probe").status, 400);
}

TEST_F(DaemonTest, ServesExactPathsHeadContentTypeAndOpenMetrics) {
  StartWith({"good_probe"}, R"(
probes:
  - {name: good, plugin: good_probe, interval: 1s, timeout: 1s}
)");
  EXPECT_EQ(daemon_->Request("GET", "/metricsX").status, 404);
  EXPECT_EQ(daemon_->Request("GET", "/metrics/").status, 404);
  const auto head = daemon_->Request("HEAD", "/metrics");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  const auto plain = daemon_->Request("GET", "/metrics");
  std::string content_type;
  for (const auto& [name, value] : plain.headers) {
    if (name == "content-type") content_type = value;
  }
  EXPECT_EQ(content_type, "text/plain; version=0.0.4; charset=utf-8");
  const auto open_metrics = daemon_->Request(
      "GET", "/metrics",
      {{"Accept", "application/openmetrics-text; version=1.0.0"}});
  ASSERT_GE(open_metrics.body.size(), 6u);
  EXPECT_EQ(open_metrics.body.substr(open_metrics.body.size() - 6), "# EOF\n");
  EXPECT_EQ(daemon_->Request("GET", "/-/healthy").status, 200);
  const auto page = daemon_->Request("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"probe-good\""), std::string::npos);
  EXPECT_EQ(daemon_->Request("GET", "/-/reload").status, 405);
}

TEST_F(DaemonTest, StopsCleanlyOnSigtermWithinOneSecond) {
  const std::string started = dir_.path() + "/hang-started";
  StartWith({"slow_probe"}, R"(
probes:
  - {name: hangs, plugin: slow_probe, interval: 12s, timeout: 10s,
     config: {started_file: ")" +
                                started + R"("}}
)");
  ASSERT_TRUE(WaitForFile(started, milliseconds(15000)));
  milliseconds took{0};
  EXPECT_EQ(daemon_->Terminate(milliseconds(3000), &took), 0);
  EXPECT_LT(took, milliseconds(1000));
}

TEST_F(DaemonTest, ABadConfigFailsFastNamingFileAndPath) {
  const auto port = FreeLoopbackPort();
  const auto config = dir_.Write("bad.yml", ConfigText(port, dir_.path(), R"(
probes:
  - {name: a, plugin: good_probe, interval: fast}
)"));
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "--config", config, "serve"}, milliseconds(10000));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(
      outcome.err.find(config + ": probes[0].interval: expected a duration"),
      std::string::npos)
      << outcome.err;
}

}  // namespace
}  // namespace stackprobe::testing
