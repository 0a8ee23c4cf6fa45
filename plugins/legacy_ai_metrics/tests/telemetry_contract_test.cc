// SPDX-License-Identifier: Apache-2.0
//
// The telemetry probe's details are the legacy document's input: run the
// real probe on JSON-lines files and check what the document makes of them,
// against numbers worked out by hand from the old collector's rules.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fake_context.h"
#include "legacy_document.h"
#include "legacy_test_data.h"
#include "telemetry_probe.h"
#include "telemetry_schema.h"

namespace stackprobe::legacy {
namespace {

using Json = nlohmann::ordered_json;

std::string TelemetryFixture(const std::string& name) {
  return std::string(STACKPROBE_TELEMETRY_FIXTURES) + "/" + name;
}

// One run of the real telemetry probe on `path`, as a snapshot record.
ProbeRecord TelemetryRecord(const std::string& probe_name,
                            const std::string& path) {
  telemetry::TelemetryProbe probe(stackprobe::testing::HostConfig(
      telemetry::kConfigSchema, Json{{"path", path}}.dump()));
  stackprobe::testing::FakeProbeContext fake(probe_name);
  ProbeRecord record;
  record.probe = probe_name;
  record.plugin = "telemetry";
  record.has_run = true;
  record.runs = 1;
  record.result = probe.Run(fake.context());
  return record;
}

// The healthy stack (1554 Qdrant points, so knowledge = 15) with the
// hybrid telemetry probe reading `hybrid_path`.
Json DocumentWithHybridFile(const std::string& hybrid_path) {
  Snapshot snapshot = testing::HealthySnapshot();
  testing::Put(snapshot, TelemetryRecord("hybrid_telemetry", hybrid_path));
  return BuildLegacyDocument(snapshot, testing::DefaultOptions(), 0);
}

struct HybridNumbers {
  std::int64_t total_events, local_queries, remote_queries,
      estimated_tokens_saved, local_percentage, overall_score;
};

void ExpectHybrid(const Json& document, const HybridNumbers& expected) {
  EXPECT_EQ(document["services"]["hybrid_coordinator"]["telemetry"],
            (Json{{"total_events", expected.total_events},
                  {"local_queries", expected.local_queries},
                  {"remote_queries", expected.remote_queries},
                  {"estimated_tokens_saved", expected.estimated_tokens_saved},
                  {"local_percentage", expected.local_percentage}}));
  EXPECT_EQ(document["effectiveness"],
            (Json{{"overall_score", expected.overall_score},
                  {"total_events_processed", expected.total_events},
                  {"local_query_percentage", expected.local_percentage},
                  {"estimated_tokens_saved", expected.estimated_tokens_saved},
                  {"knowledge_base_vectors", 1554}}));
}

TEST(TelemetryContractTest, DecisionsNestedUnderMetadataCount) {
  // 5 lines, "decision":"local" (under metadata) in 3, remote in 1:
  // 3 * 500 tokens, trunc(100 * 3 / 4) = 75.
  // usage min(100, 5 / 10) = 0: trunc(0 + 0.4 * 75 + 0.2 * 15) = 33.
  ExpectHybrid(
      DocumentWithHybridFile(TelemetryFixture("hybrid-decisions-nested.jsonl")),
      {5, 3, 1, 1500, 75, 33});
}

TEST(TelemetryContractTest, SpacedDecisionsDoNotCount) {
  // json.dumps spacing ("decision": "local") is not the searched text.
  // trunc(0 + 0 + 0.2 * 15) = 3.
  ExpectHybrid(
      DocumentWithHybridFile(TelemetryFixture("hybrid-decisions-spaced.jsonl")),
      {4, 0, 0, 0, 0, 3});
}

TEST(TelemetryContractTest, EveryCompactMatchOfEveryLineCounts) {
  // 8 lines (one blank, one broken): local text in 4 lines, remote in 3
  // (one line holds both, the broken one holds remote).
  // trunc(400 / 7) = 57; trunc(0 + 0.4 * 57 + 3) = trunc(25.8) = 25.
  ExpectHybrid(DocumentWithHybridFile(
                   TelemetryFixture("hybrid-decisions-compact.jsonl")),
               {8, 4, 3, 2000, 57, 25});
}

TEST(TelemetryContractTest, NoDecisionsGiveZeroQueries) {
  ExpectHybrid(
      DocumentWithHybridFile(TelemetryFixture("hybrid-no-decisions.jsonl")),
      {3, 0, 0, 0, 0, 3});
}

TEST(TelemetryContractTest, OnlyTheLastHundredLinesAreSearched) {
  // 130 lines; lines 31-130 hold 10 local and 5 remote.
  // trunc(1000 / 15) = 66; usage min(100, 130 / 10) = 13:
  // trunc(0.4 * 13 + 0.4 * 66 + 0.2 * 15) = trunc(34.6) = 34.
  ExpectHybrid(DocumentWithHybridFile(TelemetryFixture("hybrid-window.jsonl")),
               {130, 10, 5, 5000, 66, 34});
}

TEST(TelemetryContractTest, EmptyAndMissingFilesGiveZerosAndNoTime) {
  Snapshot snapshot = testing::HealthySnapshot();
  testing::Put(snapshot, TelemetryRecord("aidb_telemetry",
                                         TelemetryFixture("empty.jsonl")));
  testing::Put(snapshot,
               TelemetryRecord("hybrid_telemetry",
                               TelemetryFixture("no-such-file.jsonl")));
  const Json document =
      BuildLegacyDocument(snapshot, testing::DefaultOptions(), 0);
  EXPECT_EQ(document["services"]["aidb"]["telemetry"],
            (Json{{"total_events", 0}, {"last_event_time", ""}}));
  ExpectHybrid(document, {0, 0, 0, 0, 0, 3});
}

TEST(TelemetryContractTest, AidbTelemetryIsLinesAndTheLastTimestamp) {
  Snapshot snapshot = testing::HealthySnapshot();
  testing::Put(
      snapshot,
      TelemetryRecord("aidb_telemetry", TelemetryFixture("aidb-events.jsonl")));
  const Json document =
      BuildLegacyDocument(snapshot, testing::DefaultOptions(), 0);
  EXPECT_EQ(document["services"]["aidb"]["telemetry"],
            (Json{{"total_events", 3},
                  {"last_event_time", "2026-01-06T16:00:03.250000+00:00"}}));
}

TEST(TelemetryContractTest, ManyEventsDriveEffectiveness) {
  std::string dir = "/tmp/stackprobe-contract-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/hybrid-events.jsonl";
  {
    std::ofstream out(path);
    // 230 compact lines; of the last 100, 60 local and 20 remote.
    for (int i = 0; i < 230; ++i) {
      std::string decision;
      if (i >= 130 && i < 190) decision = R"(,"decision":"local")";
      if (i >= 190 && i < 210) decision = R"(,"decision":"remote")";
      out << R"({"timestamp":"2026-01-06T16:00:00+00:00","event_type":)"
          << R"("context_augmented","tokens_saved":10)" << decision << "}\n";
    }
  }
  const Json document = DocumentWithHybridFile(path);
  std::filesystem::remove_all(dir);
  // 60 * 500 tokens (not the 2300 of the tokens_saved fields);
  // usage 23, local 75, knowledge 15: trunc(9.2 + 30 + 3) = 42.
  ExpectHybrid(document, {230, 60, 20, 30000, 75, 42});
}

}  // namespace
}  // namespace stackprobe::legacy
