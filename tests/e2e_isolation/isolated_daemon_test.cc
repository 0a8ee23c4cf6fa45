// SPDX-License-Identifier: Apache-2.0
//
// `isolate: true` end to end: the real daemon keeps serving and keeps its
// other probes updating while an isolated plugin segfaults, aborts or hangs,
// and the probe works again once its plugin behaves.
#include <gtest/gtest.h>

#include "e2e_support.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

class IsolatedDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = FreeLoopbackPort();
    const std::string folder = dir_.path() + "/plugins";
    CopyPlugins(STACKPROBE_TEST_PLUGIN_DIR, folder,
                {"crashing_probe", "good_probe"});
    state_file_ = dir_.Write("state", "fine");
    const auto config = dir_.Write(
        "stackprobe.yml",
        ConfigText(port_, folder,
                   "exposition: {probe_series: full}\n"
                   "probes:\n"
                   "  - {name: crashy, plugin: crashing_probe, interval: 500ms,"
                   " timeout: 300ms, isolate: true,"
                   " config: {state_file: \"" +
                       state_file_ +
                       "\"}}\n"
                       "  - {name: good, plugin: good_probe, interval: 100ms,"
                       " timeout: 100ms}\n"));
    daemon_ = std::make_unique<DaemonProcess>(
        STACKPROBE_BINARY,
        std::vector<std::string>{"--config", config, "serve"}, port_);
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  void Say(const std::string& word) {
    std::ofstream(state_file_, std::ios::trunc) << word;
  }

  std::uint64_t Runs(const std::string& probe) {
    const auto status = ProbeStatus(*daemon_, probe);
    return status.is_null() ? 0 : status.value("runs", std::uint64_t{0});
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::string state_file_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(IsolatedDaemonTest, ASegfaultingPluginIsContainedAndRecovers) {
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_success{probe=\"crashy\"} 1", milliseconds(10000)))
      << daemon_->Log();
  Say("segfault");
  ASSERT_TRUE(
      daemon_->WaitForMetric("stackprobe_probe_failures_total{probe=\"crashy\","
                             "reason=\"plugin_crash\"}",
                             milliseconds(10000)))
      << daemon_->Log();
  const auto crashed = ProbeStatus(*daemon_, "crashy");
  ASSERT_FALSE(crashed.is_null());
  EXPECT_EQ(crashed.value("state", ""), "error");
  EXPECT_EQ(crashed.value("reason", ""), "plugin_crash");
  EXPECT_NE(crashed.value("message", "").find("SIGSEGV"), std::string::npos)
      << crashed.dump();

  // The daemon serves and the other probe keeps running while the isolated
  // one goes on crashing.
  const auto good_before = Runs("good");
  const auto crashy_before = Runs("crashy");
  ASSERT_TRUE(PollUntil(
      [&] {
        return Runs("good") >= good_before + 5 &&
               Runs("crashy") >= crashy_before + 2;
      },
      milliseconds(10000)));
  EXPECT_EQ(daemon_->Request("GET", "/metrics").status, 200);
  EXPECT_EQ(daemon_->Request("GET", "/-/healthy").status, 200);

  Say("fine");
  ASSERT_TRUE(PollUntil(
      [&] {
        const auto status = ProbeStatus(*daemon_, "crashy");
        return !status.is_null() && status.value("state", "") == "up";
      },
      milliseconds(10000)))
      << daemon_->Log();
}

TEST_F(IsolatedDaemonTest, AHangingPluginTimesOutAndAnAbortIsACrash) {
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_success{probe=\"crashy\"} 1", milliseconds(10000)));
  Say("loop");
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_failures_total{probe=\"crashy\",reason=\"timeout\"}",
      milliseconds(15000)))
      << daemon_->Log();
  Say("abort");
  ASSERT_TRUE(PollUntil(
      [&] {
        const auto status = ProbeStatus(*daemon_, "crashy");
        return !status.is_null() &&
               status.value("message", "").find("SIGABRT") != std::string::npos;
      },
      milliseconds(15000)))
      << daemon_->Log();
  Say("fine");
  ASSERT_TRUE(daemon_->WaitForMetric(
      "stackprobe_probe_success{probe=\"crashy\"} 1", milliseconds(15000)));
  // SIGTERM still ends the daemon cleanly, workers included.
  EXPECT_EQ(daemon_->Terminate(milliseconds(10000)), 0) << daemon_->Log();
}

}  // namespace
}  // namespace stackprobe::testing
