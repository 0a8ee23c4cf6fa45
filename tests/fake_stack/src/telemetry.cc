// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/telemetry.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace stackprobe::fake_stack {
namespace {

constexpr const char* kQueries[] = {
    "how do I configure the podman network",
    "explain the qdrant collection layout",
    "fix: ModuleNotFoundError in the aidb container",
    "best practice for systemd user services",
};
constexpr std::size_t kQueryCount = sizeof(kQueries) / sizeof(kQueries[0]);

void AppendLines(const std::filesystem::path& file, std::size_t first_index,
                 std::size_t count, bool aidb) {
  std::ofstream out(file, std::ios::app);
  if (!out) throw std::runtime_error("cannot open " + file.string());
  for (std::size_t i = first_index; i < first_index + count; ++i) {
    std::string timestamp = TelemetryTimestampNow();
    out << (aidb ? AidbEventLine(i, timestamp) : HybridEventLine(i, timestamp))
        << '\n';
  }
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace

std::string AidbEventLine(std::size_t index, const std::string& timestamp) {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer),
                "{\"timestamp\": \"%s\", \"source\": \"aidb\", \"event_type\": "
                "\"query\", \"query\": \"%s\", \"results\": %zu, "
                "\"duration_ms\": %.1f}",
                timestamp.c_str(), kQueries[index % kQueryCount], index % 5,
                12.5 + static_cast<double>(index % 7));
  return buffer;
}

std::string HybridEventLine(std::size_t index, const std::string& timestamp) {
  char buffer[512];
  if (index % 2 == 0) {
    std::snprintf(buffer, sizeof(buffer),
                  "{\"timestamp\": \"%s\", \"source\": \"hybrid_coordinator\", "
                  "\"event_type\": \"context_augmented\", \"query\": \"%s\", "
                  "\"collections\": [\"codebase-context\", "
                  "\"best-practices\"], \"context_count\": %zu}",
                  timestamp.c_str(), kQueries[index % kQueryCount], index % 4);
  } else {
    std::snprintf(buffer, sizeof(buffer),
                  "{\"timestamp\": \"%s\", \"source\": \"hybrid_coordinator\", "
                  "\"event_type\": \"interaction_tracked\", \"outcome\": "
                  "\"success\", \"value_score\": %.1f}",
                  timestamp.c_str(), 0.5 + static_cast<double>(index % 5) / 10);
  }
  return buffer;
}

std::string TelemetryTimestampNow() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    now.time_since_epoch())
                    .count() %
                1000000;
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[32];
  std::strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%s.%06lld+00:00", date,
                static_cast<long long>(micros));
  return buffer;
}

void AppendTelemetry(const std::string& dir, std::size_t first_index,
                     std::size_t count) {
  std::filesystem::path folder(dir);
  std::filesystem::create_directories(folder);
  AppendLines(folder / "aidb-events.jsonl", first_index, count, true);
  AppendLines(folder / "hybrid-events.jsonl", first_index, count, false);
}

}  // namespace stackprobe::fake_stack
