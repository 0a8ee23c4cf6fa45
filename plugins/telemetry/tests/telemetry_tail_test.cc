// SPDX-License-Identifier: Apache-2.0
#include "telemetry_tail.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "telemetry_test_files.h"

namespace stackprobe::telemetry {
namespace {

using testing::AppendFile;
using testing::Fixture;
using testing::TempDir;
using testing::WriteFile;

std::chrono::steady_clock::time_point Later() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(10);
}

TelemetryTail::Status Update(TelemetryTail& tail, const std::string& path) {
  std::string error;
  const auto status = tail.Update(path, Later(), error);
  EXPECT_TRUE(error.empty()) << error;
  return status;
}

std::string Event(const std::string& type, const std::string& extra = "") {
  return R"({"timestamp": "2026-01-06T16:00:00+00:00", "event_type": ")" +
         type + "\"" + extra + "}\n";
}

TEST(TelemetryTailTest, CountsTheHybridFixture) {
  TempDir dir;
  const std::string path = dir.File("hybrid-events.jsonl");
  WriteFile(path, Fixture("hybrid-events.jsonl"));
  TelemetryTail tail(65536);
  ASSERT_EQ(Update(tail, path), TelemetryTail::Status::kOk);
  const auto totals = tail.Totals();
  EXPECT_EQ(totals.events, 6u);
  EXPECT_EQ(totals.skipped_lines, 0u);
  EXPECT_EQ(totals.local_queries, 3u);
  EXPECT_EQ(totals.remote_queries, 1u);
  EXPECT_EQ(totals.tokens_saved, 300);
  EXPECT_EQ(totals.last_event_time, "2026-01-06T16:05:00.000000+00:00");
  ASSERT_TRUE(totals.last_event_timestamp.has_value());
  EXPECT_EQ(*totals.last_event_timestamp, 1767715500.0);
  EXPECT_EQ(totals.events_by_type.at("context_augmented"), 3u);
  EXPECT_EQ(totals.events_by_type.at("interaction_tracked"), 3u);
}

TEST(TelemetryTailTest, ReadsOnlyWhatWasAppended) {
  TempDir dir;
  const std::string path = dir.File("aidb-events.jsonl");
  const std::string fixture = Fixture("aidb-events.jsonl");
  WriteFile(path, fixture);
  TelemetryTail tail(65536);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 3u);
  EXPECT_EQ(tail.offset(), fixture.size());

  // Scribble over the old bytes in place (same size, same inode): a reader
  // that starts over would now count skipped lines.
  {
    std::FILE* file = std::fopen(path.c_str(), "r+");
    ASSERT_NE(file, nullptr);
    const std::string junk(fixture.size() - 1, 'x');
    std::fwrite(junk.data(), 1, junk.size(), file);
    std::fclose(file);
  }
  AppendFile(path, Event("query"));
  Update(tail, path);
  const auto totals = tail.Totals();
  EXPECT_EQ(totals.events, 4u);
  EXPECT_EQ(totals.skipped_lines, 0u);
  EXPECT_EQ(totals.events_by_type.at("query"), 3u);
}

TEST(TelemetryTailTest, LeavesAnUnfinishedLastLineForLater) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  const std::string line = Event("query");
  WriteFile(path, line + line.substr(0, 20));
  TelemetryTail tail(65536);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 1u);
  EXPECT_EQ(tail.Totals().skipped_lines, 0u);
  AppendFile(path, line.substr(20));
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 2u);
  EXPECT_EQ(tail.Totals().skipped_lines, 0u);
}

TEST(TelemetryTailTest, StartsOverWhenTheFileShrinksOrIsReplaced) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  WriteFile(path, Event("a") + Event("a") + Event("a"));
  TelemetryTail tail(65536);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 3u);

  WriteFile(path, Event("b"));  // Truncated in place, shorter.
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 1u);
  EXPECT_EQ(tail.Totals().events_by_type.count("a"), 0u);

  // Replaced by a bigger file (log rotation): a new inode.
  const std::string next = dir.File("next.jsonl");
  WriteFile(next, Event("c") + Event("c") + Event("c") + Event("c"));
  std::filesystem::rename(next, path);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 4u);
  EXPECT_EQ(tail.Totals().events_by_type.at("c"), 4u);
  EXPECT_EQ(tail.Totals().events_by_type.count("b"), 0u);
}

TEST(TelemetryTailTest, SkipsAndCountsLongAndBrokenLines) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  const std::string huge =
      R"({"event_type": ")" + std::string(300000, 'x') + "\"}\n";
  WriteFile(path, Event("ok") + huge + "not json\n" + "[1, 2]\n" +
                      std::string(100, '[') + std::string(100, ']') + "\n" +
                      "{\"event_type\": \"\xff\xfe\"}\n" + "\n" +
                      "{\"event_type\": \"ok\"}\r\n" + huge.substr(0, 5000));
  TelemetryTail tail(1024);
  Update(tail, path);
  auto totals = tail.Totals();
  EXPECT_EQ(totals.events, 2u);
  // huge, not json, array, too deep, invalid UTF-8; the unfinished long
  // tail is being skipped and is counted once its newline arrives.
  EXPECT_EQ(totals.skipped_lines, 5u);
  EXPECT_EQ(totals.events_by_type.at("ok"), 2u);
  AppendFile(path, std::string(5000, 'y') + "\n" + Event("ok"));
  Update(tail, path);
  totals = tail.Totals();
  EXPECT_EQ(totals.skipped_lines, 6u);
  EXPECT_EQ(totals.events, 3u);
}

TEST(TelemetryTailTest, DecisionsCountOverTheLastHundredLines) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  std::string text;
  for (int i = 0; i < 100; ++i) text += Event("q", R"(, "decision": "local")");
  for (int i = 0; i < 30; ++i) text += Event("q", R"(, "decision": "remote")");
  for (int i = 0; i < 20; ++i) text += Event("q");
  WriteFile(path, text);
  TelemetryTail tail(65536);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().local_queries, 50u);
  EXPECT_EQ(tail.Totals().remote_queries, 30u);
}

TEST(TelemetryTailTest, EventTypesAreBounded) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  std::string text;
  for (int i = 0; i < 40; ++i) text += Event("type" + std::to_string(i));
  text += R"({"no_type": 1})"
          "\n";
  WriteFile(path, text);
  TelemetryTail tail(65536);
  Update(tail, path);
  const auto totals = tail.Totals();
  EXPECT_EQ(totals.events_by_type.size(), kMaxEventTypes + 1);
  EXPECT_EQ(totals.events_by_type.at(kOtherEventType), 9u);
  EXPECT_EQ(totals.last_event_time, "");
}

TEST(TelemetryTailTest, MissingFileResetsAndAPassedDeadlineReadsLater) {
  TempDir dir;
  const std::string path = dir.File("events.jsonl");
  TelemetryTail tail(65536);
  EXPECT_EQ(Update(tail, path), TelemetryTail::Status::kMissing);
  WriteFile(path, Event("a"));
  std::string error;
  EXPECT_EQ(tail.Update(path, std::chrono::steady_clock::now(), error),
            TelemetryTail::Status::kOk);
  EXPECT_EQ(tail.Totals().events, 0u);
  Update(tail, path);
  EXPECT_EQ(tail.Totals().events, 1u);
  std::filesystem::remove(path);
  EXPECT_EQ(Update(tail, path), TelemetryTail::Status::kMissing);
  EXPECT_EQ(tail.Totals().events, 0u);
}

TEST(TelemetryTailTest, ADirectoryIsUnreadable) {
  TempDir dir;
  TelemetryTail tail(65536);
  std::string error;
  EXPECT_EQ(tail.Update(dir.path(), Later(), error),
            TelemetryTail::Status::kUnreadable);
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace stackprobe::telemetry
