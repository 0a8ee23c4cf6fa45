// SPDX-License-Identifier: Apache-2.0
#include "legacy_ai_metrics_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "config/json_schema.h"
#include "config_schema.h"
#include "fake_context.h"
#include "legacy_test_data.h"

namespace stackprobe::legacy {
namespace {

namespace fs = std::filesystem;
using testing::HealthySnapshot;
using testing::Put;
using testing::Record;

// A folder removed at the end of the test; on tmpfs when there is one, so
// that a thousand fsyncs stay cheap.
class TempDir {
 public:
  TempDir() {
    std::string base = fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string templ = base + "/stackprobe-legacy-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::string ConfigFor(const std::string& path, double max_wait = 120) {
  return testing::HostConfig(
      nlohmann::json{{"path", path}, {"max_wait_seconds", max_wait}}.dump());
}

TEST(LegacySinkConfigTest, DefaultsExpandHomeAndMatchTheLegacyLayout) {
  const auto config =
      LegacySinkConfig::Parse(testing::HostConfig(), "/home/hyperd");
  EXPECT_EQ(config.path,
            "/home/hyperd/.local/share/nixos-system-dashboard/ai_metrics.json");
  EXPECT_EQ(config.options.probes.hybrid_telemetry, "hybrid_telemetry");
  EXPECT_EQ(config.options.ports.embeddings, 8081);
  EXPECT_EQ(config.options.embeddings_endpoint, "http://localhost:8081");
  EXPECT_EQ(config.options.status_words, StatusWords::kLegacy);
}

TEST(LegacySinkConfigTest, ReadsMappingsAndRejectsSemanticErrors) {
  const auto config = LegacySinkConfig::Parse(
      testing::HostConfig(
          R"({"path": "/x/ai.json", "status_words": "online",
              "probes": {"qdrant": "vectors"}, "ports": {"aidb": 18091}})"),
      "/home/u");
  EXPECT_EQ(config.path, "/x/ai.json");
  EXPECT_EQ(config.options.status_words, StatusWords::kOnline);
  EXPECT_EQ(config.options.probes.qdrant, "vectors");
  EXPECT_EQ(config.options.probes.aidb, "aidb");
  EXPECT_EQ(config.options.ports.aidb, 18091);
  EXPECT_THROW(testing::HostConfig(R"({"status_words": "loud"})"),
               stackprobe::testing::SchemaViolation);
  EXPECT_THROW(testing::HostConfig(R"({"ports": {"aidb": 0}})"),
               stackprobe::testing::SchemaViolation);
  EXPECT_THROW(testing::HostConfig(R"({"max_wait_seconds": 0})"),
               stackprobe::testing::SchemaViolation);
  // ~/ without $HOME is what only the sink can see.
  EXPECT_THROW(LegacySinkConfig::Parse(testing::HostConfig(), ""),
               std::invalid_argument);
}

TEST(LegacySinkConfigTest, RefusesAPathItMustNotWrite) {
  auto error_of = [](const std::string& path) -> std::string {
    try {
      LegacySinkConfig::Parse(
          testing::HostConfig(nlohmann::json{{"path", path}}.dump()), "/h");
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(error_of("/etc/passwd"),
            "path: expected a path outside the system folders (/etc, /usr, "
            "/bin, /sbin, /lib*, /boot, /proc, /sys, /dev), got "
            "\"/etc/passwd\", which is in /etc");
  EXPECT_NE(error_of("/usr/lib/x/ai_metrics.json").find("which is in /usr"),
            std::string::npos);
  TempDir dir;
  const std::string fifo = dir.path() + "/ai_metrics.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_of(fifo),
            "path: expected a new file or a regular file of uid " +
                std::to_string(::geteuid()) + " to replace, got a FIFO");
  EXPECT_EQ(error_of(dir.path() + "/new.json"), "(no error)");
}

TEST(LegacySinkTest, WritesAfterEachCompleteRoundOnly) {
  TempDir dir;
  const std::string path = dir.path() + "/new/folder/ai_metrics.json";
  LegacyAiMetricsSink sink(ConfigFor(path));
  stackprobe::testing::FakeSinkContext fake("legacy");

  Snapshot first = HealthySnapshot(1);
  first.probes[0].runs = 0;  // aidb has not finished its first run yet.
  first.probes[0].has_run = false;
  sink.Consume(fake.context(), first);
  EXPECT_EQ(sink.writes(), 0u);
  EXPECT_FALSE(fs::exists(path));

  sink.Consume(fake.context(), HealthySnapshot(1));
  ASSERT_EQ(sink.writes(), 1u);
  ASSERT_TRUE(fs::exists(path));  // The folder was created.
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  const auto written = nlohmann::ordered_json::parse(ReadFile(path));
  EXPECT_EQ(written["knowledge_base"]["total_points"], 1554);
  EXPECT_EQ(ReadFile(path).back(), '\n');

  // Same runs again: nothing new finished, no write.
  sink.Consume(fake.context(), HealthySnapshot(1));
  EXPECT_EQ(sink.writes(), 1u);

  // Only some probes finished another run: still waiting.
  Snapshot partial = HealthySnapshot(2);
  partial.probes[3].runs = 1;
  sink.Consume(fake.context(), partial);
  EXPECT_EQ(sink.writes(), 1u);

  sink.Consume(fake.context(), HealthySnapshot(2));
  EXPECT_EQ(sink.writes(), 2u);
}

TEST(LegacySinkTest, ProbesNotConfiguredDoNotHoldTheRoundBack) {
  TempDir dir;
  LegacyAiMetricsSink sink(ConfigFor(dir.path() + "/ai_metrics.json"));
  stackprobe::testing::FakeSinkContext fake("legacy");
  Snapshot only_qdrant;
  Put(only_qdrant, Record("qdrant", State::kUp, {{"healthy", true}}, 1));
  Put(only_qdrant, Record("unrelated", State::kUp, {}, 0));
  sink.Consume(fake.context(), only_qdrant);
  EXPECT_EQ(sink.writes(), 1u);
  const auto written =
      nlohmann::json::parse(ReadFile(dir.path() + "/ai_metrics.json"));
  EXPECT_EQ(written["services"]["qdrant"]["status"], "healthy");
  EXPECT_EQ(written["services"]["aidb"]["status"], "unknown");
}

TEST(LegacySinkTest, AStuckProbeDelaysTheWriteAtMostMaxWait) {
  TempDir dir;
  LegacyAiMetricsSink sink(ConfigFor(dir.path() + "/ai_metrics.json", 30));
  stackprobe::testing::FakeSinkContext fake("legacy");
  sink.Consume(fake.context(), HealthySnapshot(1));
  ASSERT_EQ(sink.writes(), 1u);
  Snapshot stuck = HealthySnapshot(2);
  stuck.probes[2].runs = 1;  // qdrant never finishes again.
  stuck.taken_at = 1000;
  sink.Consume(fake.context(), stuck);
  stuck.taken_at = 1029;
  sink.Consume(fake.context(), stuck);
  EXPECT_EQ(sink.writes(), 1u);
  stuck.taken_at = 1030;
  sink.Consume(fake.context(), stuck);
  EXPECT_EQ(sink.writes(), 2u);
}

TEST(LegacySinkTest, AnUnwritableFolderIsLoggedNotThrown) {
  TempDir dir;
  const std::string blocker = dir.path() + "/file";
  std::ofstream(blocker) << "x";
  LegacyAiMetricsSink sink(ConfigFor(blocker + "/ai_metrics.json"));
  stackprobe::testing::FakeSinkContext fake("legacy");
  sink.Consume(fake.context(), HealthySnapshot(1));
  EXPECT_EQ(sink.writes(), 0u);
  EXPECT_TRUE(fake.HasLog("cannot write"));
}

TEST(LegacySinkTest, AReaderNeverSeesAHalfFile) {
  TempDir dir;
  const std::string path = dir.path() + "/ai_metrics.json";
  LegacyAiMetricsSink sink(ConfigFor(path));
  stackprobe::testing::FakeSinkContext fake("legacy");
  sink.Consume(fake.context(), HealthySnapshot(1));
  ASSERT_EQ(sink.writes(), 1u);

  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> invalid{0};
  std::thread reader([&] {
    while (!done.load()) {
      const std::string text = ReadFile(path);
      if (!nlohmann::json::accept(text)) ++invalid;
      ++reads;
      std::this_thread::yield();
    }
  });
  constexpr int kRewrites = 1000;
  Snapshot snapshot = HealthySnapshot(1);
  for (int i = 0; i < kRewrites; ++i) {
    for (auto& record : snapshot.probes) {
      record.runs = static_cast<std::uint64_t>(i) + 2;
      // Vary the size so that a torn write would show.
      if (record.probe == "llama_cpp") {
        record.result.details_json =
            R"({"http_status":200,"upstream_status":"ok","model":")" +
            std::string(static_cast<std::size_t>(i % 97) + 1, 'm') + "\"}";
      }
    }
    sink.Consume(fake.context(), snapshot);
  }
  done = true;
  reader.join();
  EXPECT_EQ(sink.writes(), 1u + kRewrites);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(invalid.load(), 0);
}

}  // namespace
}  // namespace stackprobe::legacy

namespace stackprobe::legacy {
namespace {

TEST(LegacySchemaTest, DefaultsFromTheSchemaMatchTheLegacyLayout) {
  nlohmann::json config = nlohmann::json::object();
  ASSERT_EQ(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), config, "config"),
            std::nullopt);
  EXPECT_EQ(config["probes"]["hybrid_telemetry"], "hybrid_telemetry");
  EXPECT_EQ(config["ports"]["qdrant"], 6333);
  const auto parsed = LegacySinkConfig::Parse(config.dump(), "/home/u");
  EXPECT_EQ(parsed.path,
            "/home/u/.local/share/nixos-system-dashboard/ai_metrics.json");
  nlohmann::json bad{{"probes", {{"qdrnt", "x"}}}};
  EXPECT_NE(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), bad, "config"),
            std::nullopt);
}

}  // namespace
}  // namespace stackprobe::legacy
