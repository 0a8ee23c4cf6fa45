// SPDX-License-Identifier: Apache-2.0
//
// Snapshots of the AI stack for the legacy document tests, built from the
// fixtures in tests/fixtures/legacy.
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_LEGACY_TEST_DATA_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_LEGACY_TEST_DATA_H_

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "config_schema.h"
#include "host_config.h"
#include "legacy_ai_metrics_sink.h"
#include "stackprobe/plugin.h"

namespace stackprobe::legacy::testing {

/// The sink's config as the host passes it for `partial` (schema defaults
/// filled in).
inline std::string HostConfig(const std::string& partial = "{}") {
  return stackprobe::testing::HostConfig(kConfigSchema, partial);
}

/// The document options of a config that sets nothing: the schema's.
inline LegacyOptions DefaultOptions() {
  return LegacySinkConfig::Parse(HostConfig(), "/home/u").options;
}

inline std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(STACKPROBE_LEGACY_FIXTURES) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

inline nlohmann::ordered_json FixtureJson(const std::string& name) {
  return nlohmann::ordered_json::parse(ReadFixture(name));
}

/// A record of probe `name` that has run `runs` times with these details.
inline ProbeRecord Record(const std::string& name, State state,
                          const nlohmann::ordered_json& details,
                          std::uint64_t runs = 1) {
  ProbeRecord record;
  record.probe = name;
  record.plugin = name;
  record.has_run = true;
  record.runs = runs;
  record.result.state = state;
  record.result.reason = state == State::kUp ? reason::kNone : reason::kRefused;
  record.result.details_json = details.dump();
  return record;
}

/// Details of a telemetry probe whose "legacy" object holds `legacy`.
inline nlohmann::ordered_json TelemetryDetails(
    const nlohmann::ordered_json& legacy) {
  return {{"file_present", true}, {"legacy", legacy}};
}

/// Replaces (or adds) the record of the same probe name.
inline void Put(Snapshot& snapshot, ProbeRecord record) {
  for (auto& existing : snapshot.probes) {
    if (existing.probe == record.probe) {
      existing = std::move(record);
      return;
    }
  }
  snapshot.probes.push_back(std::move(record));
}

/// Every part of the stack up, Qdrant at 1520/0/14/0/20 points.
inline Snapshot HealthySnapshot(std::uint64_t runs = 1) {
  Snapshot snapshot;
  snapshot.generation = runs;
  snapshot.taken_at = 1767717000.0 + static_cast<double>(runs);
  Put(snapshot, Record("aidb", State::kUp,
                       {{"http_status", 200},
                        {"upstream_status", "ok"},
                        {"health", FixtureJson("aidb_health_ok.json")}},
                       runs));
  Put(snapshot, Record("hybrid_coordinator", State::kUp,
                       {{"http_status", 200},
                        {"upstream_status", "healthy"},
                        {"health", FixtureJson("hybrid_health.json")}},
                       runs));
  Put(snapshot,
      Record("qdrant", State::kUp,
             {{"healthy", true},
              {"collections",
               {{"codebase-context", {{"points", 1520}, {"status", "green"}}},
                {"skills-patterns", {{"points", 0}, {"status", "green"}}},
                {"error-solutions", {{"points", 14}, {"status", "green"}}},
                {"interaction-history", {{"points", 0}, {"status", "green"}}},
                {"best-practices", {{"points", 20}, {"status", "green"}}}}},
              {"total_points", 1554}},
             runs));
  Put(snapshot,
      Record("llama_cpp", State::kUp,
             {{"http_status", 200},
              {"upstream_status", "ok"},
              {"model", "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf"}},
             runs));
  Put(snapshot, Record("embeddings", State::kUp,
                       {{"http_status", 200},
                        {"upstream_status", "ok"},
                        {"model", "sentence-transformers/all-MiniLM-L6-v2"},
                        {"dimension", 384}},
                       runs));
  // Each telemetry probe reports its own reading at the top level and the
  // old collector's numbers under "legacy"; the document takes only the
  // latter, so the two differ here.
  Put(snapshot,
      Record("aidb_telemetry", State::kUp,
             {{"total_events", 40},
              {"last_event_time", "2026-01-06T16:00:00.000000+00:00"},
              {"local_queries", 0},
              {"remote_queries", 0},
              {"estimated_tokens_saved", 0},
              {"local_percentage", 0},
              {"legacy",
               {{"total_lines", 42},
                {"last_event_time", "2026-01-06T16:00:01.501122+00:00"},
                {"local_queries", 0},
                {"remote_queries", 0},
                {"estimated_tokens_saved", 0},
                {"local_percentage", 0}}}},
             runs));
  Put(snapshot, Record("hybrid_telemetry", State::kUp,
                       {{"total_events", 248},
                        {"last_event_time", "2026-01-06T16:05:00+00:00"},
                        {"local_queries", 5},
                        {"remote_queries", 0},
                        {"estimated_tokens_saved", 300},
                        {"local_percentage", 100},
                        {"legacy",
                         {{"total_lines", 250},
                          {"last_event_time", "2026-01-06T16:05:00+00:00"},
                          {"local_queries", 3},
                          {"remote_queries", 1},
                          {"estimated_tokens_saved", 1500},
                          {"local_percentage", 75}}}},
                       runs));
  return snapshot;
}

}  // namespace stackprobe::legacy::testing

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_TESTS_LEGACY_TEST_DATA_H_
