// SPDX-License-Identifier: Apache-2.0
//
// kill -9 safety of the legacy JSON: `stackprobe serve` with the
// legacy_ai_metrics sink rewrites ai_metrics.json many times a second against
// the fake AI stack, and is killed with SIGKILL at random moments and
// restarted, until at least 1000 rewrites were seen. Every version of the
// file seen, and the file after every kill, must be complete, valid JSON.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <random>

#include "e2e_support.h"
#include "stackprobe/fake_stack/fake_stack.h"
#include "stackprobe/fake_stack/probe_config.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kWantedWrites = 1000;
constexpr auto kTimeBound = std::chrono::seconds(120);

// The fake stack's config (as `stackprobe-fake-stack --write-config` writes
// it) with short intervals, plus the legacy sink.
std::string FastConfig(const fake_stack::FakeStack& stack, std::uint16_t port,
                       const std::string& target) {
  std::string text = fake_stack::ProbeConfigYaml(
      stack.endpoints(), "[\"127.0.0.1:" + std::to_string(port) + "\"]");
  const std::string slow = "interval: 10s\n    timeout: 5s";
  const std::string fast = "interval: 20ms\n    timeout: 20ms";
  for (auto at = text.find(slow); at != std::string::npos;
       at = text.find(slow, at)) {
    text.replace(at, slow.size(), fast);
  }
  return text + "sinks:\n  - {name: legacy, plugin: legacy_ai_metrics," +
         " config: {path: \"" + target + "\"}}\n";
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
  const std::string target = dir.path() + "/out/ai_metrics.json";
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> run_ms(50, 700);

  int writes = 0;
  int kills = 0;
  ino_t last_inode = 0;
  const auto started = Clock::now();
  while (writes < kWantedWrites && Clock::now() - started < kTimeBound) {
    const auto port = FreeLoopbackPort();
    const auto config =
        dir.Write("stackprobe.yml", FastConfig(stack, port, target));
    DaemonProcess daemon(STACKPROBE_BINARY,
                         {"--plugin-dir", folder, "--config", config, "serve"},
                         port);
    ASSERT_TRUE(daemon.ready()) << daemon.Log();
    const auto kill_at = Clock::now() + milliseconds(run_ms(random));
    while (Clock::now() < kill_at) {
      struct stat info {};
      if (::stat(target.c_str(), &info) == 0 && info.st_ino != last_inode) {
        last_inode = info.st_ino;
        ++writes;
        std::string content;
        ASSERT_TRUE(IsCompleteJson(target, content))
            << "write " << writes << " left: " << content;
      }
      std::this_thread::sleep_for(milliseconds(1));
    }
    daemon.Signal(SIGKILL);
    ++kills;
    std::string content;
    if (std::filesystem::exists(target)) {
      ASSERT_TRUE(IsCompleteJson(target, content))
          << "after kill " << kills << ": " << content;
    }
    // No half-written temporary may be mistaken for the file; leftovers of
    // a killed write are allowed, but never under the file's own name.
  }
  EXPECT_GE(writes, kWantedWrites)
      << "only " << writes << " rewrites in " << kills << " runs within "
      << kTimeBound.count() << " s";
  RecordProperty("writes", writes);
  RecordProperty("kills", kills);
}

}  // namespace
}  // namespace stackprobe::testing
