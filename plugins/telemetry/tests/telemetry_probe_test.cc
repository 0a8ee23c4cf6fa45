// SPDX-License-Identifier: Apache-2.0
#include "telemetry_probe.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "config/json_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "stackprobe/plugin_common/home_path.h"
#include "telemetry_schema.h"
#include "telemetry_test_files.h"

namespace stackprobe::telemetry {
namespace {

using plugin_common::ExpandHome;

using stackprobe::testing::SampleValue;
using testing::Fixture;
using testing::TempDir;
using testing::WriteFile;

std::string Config(const std::string& path) {
  return stackprobe::testing::HostConfig(kConfigSchema,
                                         nlohmann::json{{"path", path}}.dump());
}

TEST(TelemetryProbeTest, AMissingFileIsUpWithNothingCounted) {
  TempDir dir;
  TelemetryProbe probe(Config(dir.File("aidb-events.jsonl")));
  stackprobe::testing::FakeProbeContext fake("aidb_telemetry");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_EQ(SampleValue(result, "file_present"), 0.0);
  EXPECT_EQ(SampleValue(result, "events_total"), 0.0);
  EXPECT_FALSE(SampleValue(result, "last_event_timestamp_seconds"));
  const auto details = nlohmann::json::parse(result.details_json);
  EXPECT_EQ(details["total_events"], 0);
  EXPECT_EQ(details["last_event_time"], "");
  EXPECT_EQ(details["local_percentage"], 0);
}

TEST(TelemetryProbeTest, ReportsSamplesAndTheLegacyDetails) {
  TempDir dir;
  const std::string path = dir.File("hybrid-events.jsonl");
  WriteFile(path, Fixture("hybrid-events.jsonl"));
  TelemetryProbe probe(Config(path));
  stackprobe::testing::FakeProbeContext fake("hybrid_telemetry");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_EQ(result.reason, reason::kNone);
  EXPECT_EQ(SampleValue(result, "file_present"), 1.0);
  EXPECT_EQ(SampleValue(result, "events_total"), 6.0);
  EXPECT_EQ(SampleValue(result, "skipped_lines_total"), 0.0);
  EXPECT_EQ(SampleValue(result, "last_event_timestamp_seconds"), 1767715500.0);
  EXPECT_EQ(SampleValue(result, "events_by_type_total",
                        {{"event_type", "context_augmented"}}),
            3.0);
  EXPECT_EQ(SampleValue(result, "tokens_saved_total"), 300.0);
  EXPECT_EQ(SampleValue(result, "recent_decisions", {{"decision", "local"}}),
            3.0);
  for (const auto& sample : result.samples) {
    EXPECT_FALSE(sample.help.empty()) << sample.name;
    if (sample.type == SampleType::kCounter) {
      EXPECT_TRUE(sample.name.ends_with("_total")) << sample.name;
    }
  }
  const auto details = nlohmann::ordered_json::parse(result.details_json);
  EXPECT_EQ(details["total_events"], 6);
  EXPECT_EQ(details["last_event_time"], "2026-01-06T16:05:00.000000+00:00");
  EXPECT_EQ(details["local_queries"], 3);
  EXPECT_EQ(details["remote_queries"], 1);
  EXPECT_EQ(details["estimated_tokens_saved"], 300);
  EXPECT_EQ(details["local_percentage"], 75);

  // The next run keeps the totals without new lines.
  fake.Reset();
  const ProbeResult again = probe.Run(fake.context());
  EXPECT_EQ(SampleValue(again, "events_total"), 6.0);
}

TEST(TelemetryProbeTest, ExpandsHomeAndRequiresIt) {
  EXPECT_EQ(ExpandHome("~/a/b.jsonl", "/home/u"), "/home/u/a/b.jsonl");
  EXPECT_EQ(ExpandHome("/abs/~/b", ""), "/abs/~/b");
  EXPECT_THROW(ExpandHome("~/a", ""), std::invalid_argument);

  TempDir dir;
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_home == nullptr ? "" : old_home;
  setenv("HOME", dir.path().c_str(), 1);
  TelemetryProbe probe(Config("~/events.jsonl"));
  if (old_home != nullptr) {
    setenv("HOME", saved.c_str(), 1);
  } else {
    unsetenv("HOME");
  }
  EXPECT_EQ(probe.path(), dir.File("events.jsonl"));
  EXPECT_THROW(stackprobe::testing::HostConfig(kConfigSchema,
                                               R"({"max_line_bytes": 100})"),
               stackprobe::testing::SchemaViolation);
}

TEST(TelemetryProbeTest, AFolderInsteadOfAFileIsDown) {
  TempDir dir;
  TelemetryProbe probe(Config(dir.path()));
  stackprobe::testing::FakeProbeContext fake("t");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kNotFound);
}

}  // namespace
}  // namespace stackprobe::telemetry

namespace stackprobe::telemetry {
namespace {

TEST(TelemetrySchemaTest, PathIsRequiredAndTheRestDefaults) {
  const auto schema = nlohmann::json::parse(kConfigSchema);
  nlohmann::json empty = nlohmann::json::object();
  EXPECT_NE(config::ValidateAndFillDefaults(schema, empty, "config"),
            std::nullopt);
  nlohmann::json config{{"path", "/tmp/x.jsonl"}};
  ASSERT_EQ(config::ValidateAndFillDefaults(schema, config, "config"),
            std::nullopt);
  EXPECT_EQ(config["max_line_bytes"], 65536);
  EXPECT_NO_THROW(TelemetryProbe probe(config.dump()));
}

}  // namespace
}  // namespace stackprobe::telemetry
