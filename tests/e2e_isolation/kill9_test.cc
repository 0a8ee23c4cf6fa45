// SPDX-License-Identifier: Apache-2.0
//
// kill -9 safety of the legacy JSON: `stackprobe serve` with the
// legacy_ai_metrics sink rewrites ai_metrics.json many times a second against
// the fake AI stack, and is killed with SIGKILL at random moments and
// restarted, until enough rewrites were seen (counted exactly with inotify:
// each atomic write is one rename into the folder). The file seen after
// every rewrite and after every kill must be complete, valid JSON.
//
// The sink runner feeds a sink at most every 25 ms and the probes here run
// every 50 ms, so 1000 rewrites (the default; STACKPROBE_KILL9_WRITES
// changes it, and the time bound grows with it) take about a minute.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

#include "e2e_support.h"
#include "stackprobe/fake_stack/fake_stack.h"
#include "stackprobe/fake_stack/probe_config.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int WantedWrites() {
  const char* text = std::getenv("STACKPROBE_KILL9_WRITES");
  const int wanted = text != nullptr ? std::atoi(text) : 0;
  return wanted > 0 ? wanted : 1000;
}

// The fake stack's config (as `stackprobe-fake-stack --write-config` writes
// it) with short intervals, plus the legacy sink.
std::string FastConfig(const fake_stack::FakeStack& stack, std::uint16_t port,
                       const std::string& target) {
  std::string text = fake_stack::ProbeConfigYaml(
      stack.endpoints(), "127.0.0.1:" + std::to_string(port));
  const std::string slow = "interval: 10s\n    timeout: 5s";
  const std::string fast = "interval: 100ms\n    timeout: 100ms";
  for (auto at = text.find(slow); at != std::string::npos;
       at = text.find(slow, at)) {
    text.replace(at, slow.size(), fast);
  }
  return text + "sinks:\n  - {name: legacy, plugin: legacy_ai_metrics," +
         " config: {path: \"" + target + "\", max_wait_seconds: 0.02}}\n";
}

bool IsCompleteJson(const std::string& path, std::string& content) {
  content = ReadWholeFile(path);
  const auto document = nlohmann::json::parse(content, nullptr, false);
  return !document.is_discarded() && document.is_object();
}

TEST(Kill9Test, TheLegacyFileIsAlwaysCompleteJson) {
  fake_stack::FakeStack stack(fake_stack::FakeStackOptions{});
  TempDir dir;
  const std::string folder = dir.path() + "/plugins";
  CopyPlugins(STACKPROBE_PLUGIN_DIR, folder,
              {"legacy_ai_metrics", "embeddings", "aidb", "hybrid_coordinator",
               "qdrant", "llama_cpp"});
  const std::string out = dir.path() + "/out";
  std::filesystem::create_directories(out);
  const std::string target = out + "/ai_metrics.json";
  const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(::inotify_add_watch(watch, out.c_str(), IN_MOVED_TO), 0);
  // Counts the renames onto the file since the last call.
  auto count_renames = [&] {
    int renames = 0;
    alignas(inotify_event) char buffer[16384];
    ssize_t got = 0;
    while ((got = ::read(watch, buffer, sizeof buffer)) > 0) {
      for (char* at = buffer; at < buffer + got;) {
        const auto* event = reinterpret_cast<const inotify_event*>(at);
        if (event->len > 0 && std::string(event->name) == "ai_metrics.json") {
          ++renames;
        }
        at += sizeof(inotify_event) + event->len;
      }
    }
    return renames;
  };
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> run_ms(100, 1500);

  const int wanted_writes = WantedWrites();
  // 5 rewrites per second at best, minus restarts: allow 2.5 per second.
  const auto time_bound = std::chrono::seconds(wanted_writes * 2 / 5 + 20);
  int writes = 0;
  int kills = 0;
  const auto started = Clock::now();
  while (writes < wanted_writes && Clock::now() - started < time_bound) {
    const auto port = FreeLoopbackPort();
    const auto config =
        dir.Write("stackprobe.yml", FastConfig(stack, port, target));
    DaemonProcess daemon(STACKPROBE_BINARY,
                         {"--plugin-dir", folder, "--config", config, "serve"},
                         port);
    ASSERT_TRUE(daemon.ready()) << daemon.Log();
    const auto kill_at = Clock::now() + milliseconds(run_ms(random));
    while (Clock::now() < kill_at) {
      if (const int renames = count_renames(); renames > 0) {
        writes += renames;
        std::string content;
        ASSERT_TRUE(IsCompleteJson(target, content))
            << "after write " << writes << ": " << content;
      }
      std::this_thread::sleep_for(milliseconds(2));
    }
    daemon.Signal(SIGKILL);
    ++kills;
    // Wait until the process is gone, so the check below sees what the kill
    // left behind; renames up to the kill still count.
    daemon.Terminate(milliseconds(2000));
    writes += count_renames();
    std::string content;
    if (std::filesystem::exists(target)) {
      ASSERT_TRUE(IsCompleteJson(target, content))
          << "after kill " << kills << ": " << content;
    }
  }
  ::close(watch);
  EXPECT_GE(writes, wanted_writes)
      << "only " << writes << " rewrites in " << kills << " runs within "
      << time_bound.count() << " s";
  RecordProperty("writes", writes);
  RecordProperty("kills", kills);
}

}  // namespace
}  // namespace stackprobe::testing
