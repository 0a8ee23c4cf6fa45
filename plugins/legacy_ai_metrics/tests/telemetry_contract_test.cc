// SPDX-License-Identifier: Apache-2.0
//
// The telemetry probe's details are the legacy document's input: run the
// real probe on a JSON-lines file and check what the document makes of it.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fake_context.h"
#include "legacy_document.h"
#include "legacy_test_data.h"
#include "telemetry_probe.h"

namespace stackprobe::legacy {
namespace {

TEST(TelemetryContractTest, HybridEventsAndLocalDecisionsDriveEffectiveness) {
  std::string dir = "/tmp/stackprobe-contract-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/hybrid-events.jsonl";
  {
    std::ofstream out(path);
    // 230 events; of the last 100, 60 local and 20 remote decisions.
    for (int i = 0; i < 230; ++i) {
      std::string decision;
      if (i >= 130 && i < 190) decision = R"(, "decision": "local")";
      if (i >= 190 && i < 210) decision = R"(, "decision": "remote")";
      out << R"({"timestamp": "2026-01-06T16:00:00+00:00", "event_type": )"
          << R"("context_augmented", "tokens_saved": 10)" << decision << "}\n";
    }
  }
  telemetry::TelemetryProbe probe(R"({"path": ")" + path + R"("})");
  stackprobe::testing::FakeProbeContext fake("hybrid_telemetry");
  ProbeRecord record;
  record.probe = "hybrid_telemetry";
  record.has_run = true;
  record.runs = 1;
  record.result = probe.Run(fake.context());
  std::filesystem::remove_all(dir);

  Snapshot snapshot = testing::HealthySnapshot();
  testing::Put(snapshot, record);
  const auto document = BuildLegacyDocument(snapshot, LegacyOptions{}, 0);
  const auto& telemetry =
      document["services"]["hybrid_coordinator"]["telemetry"];
  EXPECT_EQ(telemetry["total_events"], 230);
  EXPECT_EQ(telemetry["local_queries"], 60);
  EXPECT_EQ(telemetry["remote_queries"], 20);
  EXPECT_EQ(telemetry["estimated_tokens_saved"], 2300);
  EXPECT_EQ(telemetry["local_percentage"], 75);
  // usage 23, local 75, knowledge 15: 9.2 + 30 + 3 = 42.2.
  const auto& effectiveness = document["effectiveness"];
  EXPECT_EQ(effectiveness["overall_score"], 42);
  EXPECT_EQ(effectiveness["total_events_processed"], 230);
  EXPECT_EQ(effectiveness["local_query_percentage"], 75);
  EXPECT_EQ(effectiveness["estimated_tokens_saved"], 2300);
}

}  // namespace
}  // namespace stackprobe::legacy
