// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/telemetry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

#include "stackprobe/fake_stack/probe_config.h"

namespace stackprobe::fake_stack {
namespace {

TEST(Telemetry, LinesUsePythonJsonDumpsSpacing) {
  std::string line = AidbEventLine(0, "2026-01-06T16:00:01.501122+00:00");
  EXPECT_EQ(
      line.rfind(
          R"({"timestamp": "2026-01-06T16:00:01.501122+00:00", "source": "aidb", "event_type": "query", )",
          0),
      0u);
  EXPECT_NE(
      HybridEventLine(0, "t").find(R"("event_type": "context_augmented")"),
      std::string::npos);
  EXPECT_NE(
      HybridEventLine(1, "t").find(R"("event_type": "interaction_tracked")"),
      std::string::npos);
}

// True when `text` has the shape of `shape`, where '9' stands for any digit
// and every other character for itself.
bool HasShape(const std::string& text, const std::string& shape) {
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == '9' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}

TEST(Telemetry, TimestampHasMicrosecondsAndOffset) {
  EXPECT_TRUE(
      HasShape(TelemetryTimestampNow(), "9999-99-99T99:99:99.999999+00:00"))
      << TelemetryTimestampNow();
  EXPECT_FALSE(HasShape("2026-01-06T16:00:01+00:00",
                        "9999-99-99T99:99:99.999999+00:00"));
}

TEST(Telemetry, AppendWritesBothFiles) {
  auto dir = std::filesystem::temp_directory_path() /
             ("stackprobe-telemetry-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  AppendTelemetry(dir.string(), 0, 3);
  AppendTelemetry(dir.string(), 3, 2);
  for (const char* name : {"aidb-events.jsonl", "hybrid-events.jsonl"}) {
    std::ifstream in(dir / name);
    std::string line;
    int lines = 0;
    while (std::getline(in, line)) ++lines;
    EXPECT_EQ(lines, 5) << name;
  }
  std::filesystem::remove_all(dir);
}

TEST(ProbeConfig, NamesEveryProbeAndPort) {
  ServiceEndpoints endpoints{"http://127.0.0.1:1", "http://127.0.0.1:2",
                             "http://127.0.0.1:3", "http://127.0.0.1:4",
                             "http://127.0.0.1:5"};
  std::string yaml = ProbeConfigYaml(endpoints, "127.0.0.1:9877");
  for (const char* probe :
       {"embeddings", "aidb", "hybrid_coordinator", "qdrant", "llama_cpp"}) {
    EXPECT_NE(yaml.find(std::string("plugin: ") + probe), std::string::npos);
  }
  EXPECT_NE(yaml.find("base_url: http://127.0.0.1:4"), std::string::npos);
  EXPECT_NE(yaml.find("listen: [\"127.0.0.1:9877\"]\n"), std::string::npos);
}

}  // namespace
}  // namespace stackprobe::fake_stack
