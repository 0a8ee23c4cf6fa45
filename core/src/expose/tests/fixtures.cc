// SPDX-License-Identifier: Apache-2.0
#include "fixtures.h"

#include <cmath>
#include <limits>

namespace stackprobe::expose::testing {

model::StoreSnapshot MakeSnapshot() {
  model::StoreSnapshot snapshot;
  snapshot.generation = 3;
  snapshot.taken_at = 1700000100;

  model::ProbeStatus llm;
  llm.record.probe = "llm";
  llm.record.plugin = "openai";
  llm.record.labels = {{"team", "ai"}};
  llm.record.has_run = true;
  llm.record.finished_at = 1700000000.5;
  llm.record.duration_seconds = 0.25;
  llm.record.runs = 7;
  ProbeResult& result = llm.record.result;
  result = MakeResult(State::kUp, reason::kNone, "ok");
  AddGauge(result, "first_token_seconds", "Time to first token, from /v1/chat.",
           0.125);
  AddGauge(result, "queue_ratio", "Queue fill, from /metrics.",
           std::numeric_limits<double>::quiet_NaN());
  AddGauge(result, "context_tokens", "Context size, from /v1/models.",
           std::numeric_limits<double>::infinity(), {{"model", "llama"}});
  AddCounter(result, "requests_total", "Requests served, from /metrics.", 42,
             {{"path", "say \"hi\"\\now\nthen"}});
  AddInfo(result, "model_info", "Loaded model, from /v1/models.",
          {{"model", "bad\xff\xfe utf8"}, {"quant", "q4"}});
  AddStateSet(result, "health", "Health endpoint state, from /health.",
              "status", {"ok", "loading", "error"}, "loading");
  llm.failures_by_reason = {};
  llm.interval_seconds = 15;
  llm.timeout_seconds = 5;
  llm.depends_on = {"vectors"};
  llm.blocked_by = "vectors";
  snapshot.probes.push_back(llm);

  model::ProbeStatus qdrant;
  qdrant.record.probe = "qdrant_main";
  qdrant.record.plugin = "qdrant";
  qdrant.record.has_run = true;
  qdrant.record.finished_at = 1700000001;
  qdrant.record.duration_seconds = 5.0;
  qdrant.record.runs = 3;
  qdrant.record.result = MakeResult(State::kDown, reason::kTimeout, "timeout");
  AddGauge(qdrant.record.result, "collection_points",
           "Points per collection, from /collections.", 1e21,
           {{"collection", "docs"}});
  qdrant.failures_by_reason = {{"refused", 1}, {"timeout", 2}};
  qdrant.skipped_overruns = 4;
  qdrant.interval_seconds = 30;
  qdrant.timeout_seconds = 10;
  snapshot.probes.push_back(qdrant);

  model::ProbeStatus vectors;
  vectors.record.probe = "vectors";
  vectors.record.plugin = "qdrant";
  vectors.interval_seconds = 60;
  vectors.timeout_seconds = 10;
  snapshot.probes.push_back(vectors);
  return snapshot;
}

model::ExporterInfo MakeExporterInfo() {
  model::ExporterInfo info;
  info.version = "0.1.0";
  info.revision = "abc123";
  info.plugins = {
      {"openai", "1.2.0", 1, "probe", "OpenAI-compatible API", "/p/openai.so"},
      {"qdrant", "0.3.0", 1, "probe", "Qdrant", "/p/qdrant.so"}};
  info.last_reload_successful = false;
  info.last_reload_success_timestamp = 1699999000;
  info.start_time = 1699998000;
  return info;
}

ProcessStats MakeProcessStats() {
  ProcessStats stats;
  stats.cpu_seconds = 1.5;
  stats.resident_bytes = 14680064;
  stats.virtual_bytes = 104857600;
  stats.open_fds = 12;
  stats.max_fds = 1024;
  stats.start_time_seconds = 1699998000.25;
  return stats;
}

int CountOf(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace stackprobe::expose::testing
