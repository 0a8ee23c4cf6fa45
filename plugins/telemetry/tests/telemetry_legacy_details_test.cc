// SPDX-License-Identifier: Apache-2.0
//
// The probe's "legacy" details: the numbers the old collector computed
// (every line counts, decisions are the exact compact text over the last
// 100 lines), beside stackprobe's own parsed reading of the same file.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "telemetry_probe.h"
#include "telemetry_schema.h"
#include "telemetry_test_files.h"

namespace stackprobe::telemetry {
namespace {

using stackprobe::testing::SampleValue;
using testing::AppendFile;
using testing::Fixture;
using testing::TempDir;
using testing::WriteFile;

struct Legacy {
  std::uint64_t total_lines;
  std::string last_event_time;
  std::uint64_t local_queries;
  std::uint64_t remote_queries;
  std::uint64_t estimated_tokens_saved;
  std::uint64_t local_percentage;
};

// Runs a fresh probe (max_line_bytes as given) once over `path`.
nlohmann::json RunDetails(const std::string& path,
                          std::int64_t max_line_bytes = 65536) {
  TelemetryProbe probe(stackprobe::testing::HostConfig(
      kConfigSchema,
      nlohmann::json{{"path", path}, {"max_line_bytes", max_line_bytes}}
          .dump()));
  stackprobe::testing::FakeProbeContext fake("hybrid_telemetry");
  return nlohmann::json::parse(probe.Run(fake.context()).details_json);
}

void ExpectLegacy(const nlohmann::json& details, const Legacy& expected) {
  ASSERT_TRUE(details.contains("legacy")) << details.dump();
  const nlohmann::json& legacy = details["legacy"];
  EXPECT_EQ(legacy["total_lines"], expected.total_lines);
  EXPECT_EQ(legacy["last_event_time"], expected.last_event_time);
  EXPECT_EQ(legacy["local_queries"], expected.local_queries);
  EXPECT_EQ(legacy["remote_queries"], expected.remote_queries);
  EXPECT_EQ(legacy["estimated_tokens_saved"], expected.estimated_tokens_saved);
  EXPECT_EQ(legacy["local_percentage"], expected.local_percentage);
  EXPECT_EQ(legacy.size(), 6u);
}

nlohmann::json FixtureDetails(const std::string& name) {
  TempDir dir;
  const std::string path = dir.File(name);
  WriteFile(path, Fixture(name));
  return RunDetails(path);
}

TEST(TelemetryLegacyDetailsTest, NestedCompactDecisionsCount) {
  // 5 lines; "decision":"local" under metadata in lines 1, 4, 5, remote in
  // line 3: 3 local, 1 remote, 3 * 500 tokens, trunc(300 / 4) = 75.
  const auto details = FixtureDetails("hybrid-decisions-nested.jsonl");
  ExpectLegacy(details,
               {5, "2026-01-06T16:04:00.000000+00:00", 3, 1, 1500, 75});
  // stackprobe's own reading parses the decision under metadata too.
  EXPECT_EQ(details["local_queries"], 3);
  EXPECT_EQ(details["remote_queries"], 1);
}

TEST(TelemetryLegacyDetailsTest, SpacedDecisionsDoNotMatchTheLegacyText) {
  // json.dumps writes "decision": "local": the old text match finds none.
  const auto details = FixtureDetails("hybrid-decisions-spaced.jsonl");
  ExpectLegacy(details, {4, "2026-01-06T16:03:00.000000+00:00", 0, 0, 0, 0});
  // Parsed, they are 2 local (top level and under metadata) and 1 remote.
  EXPECT_EQ(details["local_queries"], 2);
  EXPECT_EQ(details["remote_queries"], 1);
  EXPECT_EQ(details["local_percentage"], 66);
}

TEST(TelemetryLegacyDetailsTest, CompactLinesCountEveryMatchOfEveryLine) {
  // 8 lines. Local text in lines 1, 2, 4, 7; remote text in 3, 4 (nested
  // beside a local one) and 6 (a broken line); line 5 is blank.
  // trunc(100 * 4 / 7) = 57; 4 * 500 tokens.
  const auto details = FixtureDetails("hybrid-decisions-compact.jsonl");
  ExpectLegacy(details, {8, "2026-01-06T16:06:00+00:00", 4, 3, 2000, 57});
  // Parsed: 6 events (the broken line is skipped, the blank one ignored);
  // top-level decisions 4 local, 1 remote.
  EXPECT_EQ(details["total_events"], 6);
  EXPECT_EQ(details["skipped_lines"], 1);
  EXPECT_EQ(details["local_queries"], 4);
  EXPECT_EQ(details["remote_queries"], 1);
  EXPECT_EQ(details["local_percentage"], 80);
}

TEST(TelemetryLegacyDetailsTest, NoDecisionsGiveZeros) {
  const auto details = FixtureDetails("hybrid-no-decisions.jsonl");
  ExpectLegacy(details, {3, "2026-01-06T16:00:09.250000+00:00", 0, 0, 0, 0});
}

TEST(TelemetryLegacyDetailsTest, EmptyAndMissingFilesGiveZeros) {
  const auto empty = FixtureDetails("empty.jsonl");
  EXPECT_EQ(empty["file_present"], true);
  ExpectLegacy(empty, {0, "", 0, 0, 0, 0});
  TempDir dir;
  const auto missing = RunDetails(dir.File("hybrid-events.jsonl"));
  EXPECT_EQ(missing["file_present"], false);
  ExpectLegacy(missing, {0, "", 0, 0, 0, 0});
}

TEST(TelemetryLegacyDetailsTest, TheWindowIsTheLastHundredLines) {
  // 130 lines: 1-40 local, 41-45 remote, 46-50 blank, 51-130 spaced events
  // without decision. The last 100 lines (31-130) hold 10 local and 5
  // remote: trunc(1000 / 15) = 66, 10 * 500 tokens.
  const auto details = FixtureDetails("hybrid-window.jsonl");
  ExpectLegacy(details, {130, "2026-01-06T16:10:00+00:00", 10, 5, 5000, 66});
  // stackprobe's own window is the last 100 events (blank lines are not
  // events): events 26-125 are lines 26-45 and 51-130, 15 local, 5 remote.
  EXPECT_EQ(details["total_events"], 125);
  EXPECT_EQ(details["local_queries"], 15);
  EXPECT_EQ(details["remote_queries"], 5);
}

TEST(TelemetryLegacyDetailsTest, ReadingInPiecesGivesTheSameNumbers) {
  TempDir dir;
  const std::string path = dir.File("hybrid-events.jsonl");
  const std::string text = Fixture("hybrid-window.jsonl");
  TelemetryProbe probe(stackprobe::testing::HostConfig(
      kConfigSchema, nlohmann::json{{"path", path}}.dump()));
  stackprobe::testing::FakeProbeContext fake("hybrid_telemetry");
  // Appended in three parts, the middle one ending mid-line.
  const std::size_t first = text.find('\n', 1000) + 1;
  const std::size_t second = text.size() / 2 + 7;
  WriteFile(path, text.substr(0, first));
  probe.Run(fake.context());
  AppendFile(path, text.substr(first, second - first));
  fake.Reset();
  probe.Run(fake.context());
  AppendFile(path, text.substr(second));
  fake.Reset();
  const auto details =
      nlohmann::json::parse(probe.Run(fake.context()).details_json);
  ExpectLegacy(details, {130, "2026-01-06T16:10:00+00:00", 10, 5, 5000, 66});
}

TEST(TelemetryLegacyDetailsTest, LongLinesCountAsLinesButAreNotSearched) {
  TempDir dir;
  const std::string path = dir.File("hybrid-events.jsonl");
  const std::string local = R"({"timestamp":"t","decision":"local")";
  // One long line held in memory (2 000 bytes), one far beyond a read
  // chunk (300 000 bytes), both with the local text; then a short one.
  WriteFile(path, local + ",\"pad\":\"" + std::string(2000, 'x') + "\"}\n" +
                      local + ",\"pad\":\"" + std::string(300000, 'x') +
                      "\"}\n" + local + "}\n");
  const auto details = RunDetails(path, 1024);
  ExpectLegacy(details, {3, "t", 1, 0, 500, 100});
  EXPECT_EQ(details["skipped_lines"], 2);
}

TEST(TelemetryLegacyDetailsTest, LastEventTimeIsThatOfTheLastLine) {
  TempDir dir;
  const std::string path = dir.File("aidb-events.jsonl");
  WriteFile(path, Fixture("aidb-events.jsonl") + "not json\n");
  auto details = RunDetails(path);
  // The old collector read the timestamp of the last line: none here.
  ExpectLegacy(details, {4, "", 0, 0, 0, 0});
  EXPECT_EQ(details["last_event_time"], "2026-01-06T16:00:03.250000+00:00");
  WriteFile(path, Fixture("aidb-events.jsonl") + "\n");
  ExpectLegacy(RunDetails(path), {4, "", 0, 0, 0, 0});
  WriteFile(path, Fixture("aidb-events.jsonl"));
  ExpectLegacy(RunDetails(path),
               {3, "2026-01-06T16:00:03.250000+00:00", 0, 0, 0, 0});
}

TEST(TelemetryLegacyDetailsTest, SamplesKeepStackprobesOwnReading) {
  TempDir dir;
  const std::string path = dir.File("hybrid-events.jsonl");
  WriteFile(path, Fixture("hybrid-decisions-spaced.jsonl"));
  TelemetryProbe probe(stackprobe::testing::HostConfig(
      kConfigSchema, nlohmann::json{{"path", path}}.dump()));
  stackprobe::testing::FakeProbeContext fake("hybrid_telemetry");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(SampleValue(result, "recent_decisions", {{"decision", "local"}}),
            2.0);
  EXPECT_EQ(SampleValue(result, "recent_decisions", {{"decision", "remote"}}),
            1.0);
  EXPECT_EQ(SampleValue(result, "events_total"), 4.0);
}

}  // namespace
}  // namespace stackprobe::telemetry
