// SPDX-License-Identifier: Apache-2.0
//
// The daemon under load: 64 keep-alive connections scraping /metrics while
// probes run, for STACKPROBE_LOAD_SECONDS (60 by default): no errors, memory
// and descriptors flat. And slow-drip (slowloris) clients cannot keep others
// from being served.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "daemon_process.h"
#include "load_client.h"
#include "secure_daemon.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int LoadSeconds() {
  const char* text = std::getenv("STACKPROBE_LOAD_SECONDS");
  const int seconds = text != nullptr ? std::atoi(text) : 0;
  return seconds > 0 ? seconds : 60;
}

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = FreeLoopbackPort();
    const std::string plugins = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins);
    for (const char* name : {"good_probe", "flaky_probe"}) {
      std::filesystem::copy_file(
          std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
          plugins + "/" + name + ".so");
    }
    state_file_ = dir_.Write("flaky.state", "up\n");
    std::string probes = "probes:\n";
    for (int i = 0; i < 8; ++i) {
      probes += "  - {name: good" + std::to_string(i) +
                ", plugin: good_probe, interval: 1s, labels: {tier: t" +
                std::to_string(i % 3) + "}}\n";
    }
    probes +=
        "  - {name: flaky, plugin: flaky_probe, interval: 1s, config: "
        "{state_file: \"" +
        state_file_ + "\"}}\n";
    const std::string config =
        dir_.Write("stackprobe.yml",
                   "listen: [\"127.0.0.1:" + std::to_string(port_) +
                       "\"]\nplugin_dirs: [\"" + plugins + "\"]\n" + probes);
    daemon_ = std::make_unique<SecureDaemon>(
        std::vector<std::string>{"--config", config, "serve"},
        [this] { return FreshGet(port_, "/-/ready") == 200; });
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::string state_file_;
  std::unique_ptr<SecureDaemon> daemon_;
};

TEST_F(LoadTest, SixtyFourScrapersForAMinuteLeaveNoTrace) {
  const int seconds = LoadSeconds();
  // The flaky probe changes state all along, so series come and go.
  std::atomic<bool> stop_flapping{false};
  std::thread flapper([&] {
    const char* states[] = {"up", "down", "degraded", "error", "starting"};
    for (int i = 0; !stop_flapping; ++i) {
      std::ofstream(state_file_) << states[i % 5] << "\n";
      std::this_thread::sleep_for(milliseconds(300));
    }
  });
  LoadGenerator load(port_, "/metrics", 64);
  // Warm-up: buffers, connections and the allocator reach their working
  // size before the baseline is taken.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  const std::int64_t rss_start = daemon_->RssBytes();
  const int fds_start = daemon_->OpenFds();
  const LoadStats warm = load.Stats();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const std::int64_t rss_end = daemon_->RssBytes();
  const int fds_end = daemon_->OpenFds();
  load.Stop();
  stop_flapping = true;
  flapper.join();
  const LoadStats stats = load.Stats();

  const double rate =
      static_cast<double>(stats.requests - warm.requests) / seconds;
  std::printf(
      "load: %d s, %llu scrapes (%.0f/s), %llu connections, slowest %.3f s, "
      "RSS %lld -> %lld KiB, fds %d -> %d\n",
      seconds, static_cast<unsigned long long>(stats.requests), rate,
      static_cast<unsigned long long>(stats.connections),
      stats.max_latency_seconds, static_cast<long long>(rss_start / 1024),
      static_cast<long long>(rss_end / 1024), fds_start, fds_end);
  EXPECT_EQ(stats.errors, 0u) << stats.first_error;
  EXPECT_EQ(stats.connections, 64u) << "keep-alive connections were dropped";
  EXPECT_GT(rate, 10.0);
  EXPECT_GT(rss_start, 0);
  EXPECT_LT(rss_end - rss_start, 10 << 20);
  EXPECT_LE(fds_end, fds_start + 5);
  EXPECT_EQ(FreshGet(port_, "/-/ready"), 200) << daemon_->Log();
}

TEST_F(LoadTest, SlowlorisClientsCannotBlockOthers) {
  // Each slow client sends a request line, then one header byte every
  // 100 ms: it never finishes within the header timeout.
  constexpr int kSlowClients = 200;
  std::vector<int> slow;
  for (int i = 0; i < kSlowClients; ++i) {
    const int fd = ConnectLoopback(port_);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "));
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread dribbler([&] {
    while (!stop) {
      for (const int fd : slow) SendAll(fd, "a");
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  // Let the drip run for a while so its connections are well established.
  std::this_thread::sleep_for(milliseconds(500));
  double slowest = 0;
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    const int status = FreshGet(port_, "/metrics");
    const double took =
        std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_EQ(status, 200);
    slowest = std::max(slowest, took);
  }
  stop = true;
  dribbler.join();
  for (const int fd : slow) close(fd);
  std::printf("slowloris: %d slow clients; slowest other request %.3f s\n",
              kSlowClients, slowest);
  EXPECT_LT(slowest, 0.100);
}

}  // namespace
}  // namespace stackprobe::testing
