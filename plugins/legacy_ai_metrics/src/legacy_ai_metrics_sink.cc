// SPDX-License-Identifier: Apache-2.0
#include "legacy_ai_metrics_sink.h"

#include <ctime>
#include <exception>
#include <filesystem>

#include "stackprobe/plugin_common/home_path.h"
#include "stackprobe/sdk/config_reader.h"
#include "stackprobe/sdk/output_path.h"

namespace stackprobe::legacy {
namespace {

constexpr std::uint32_t kFileMode = 0644;

}  // namespace

LegacySinkConfig LegacySinkConfig::Parse(const std::string& config_json,
                                         const std::string& home) {
  const sdk::ConfigReader config(config_json);
  LegacySinkConfig parsed;
  parsed.path = plugin_common::ExpandHome(config.String("path"), home);
  if (auto refusal = sdk::OutputPathRefusal(parsed.path)) {
    throw config.Error("path", *refusal);
  }
  parsed.options.status_words = config.String("status_words") == "online"
                                    ? StatusWords::kOnline
                                    : StatusWords::kLegacy;
  const sdk::ConfigReader probes = config.Object("probes");
  LegacyProbeNames& names = parsed.options.probes;
  names.aidb = probes.String("aidb");
  names.hybrid_coordinator = probes.String("hybrid_coordinator");
  names.qdrant = probes.String("qdrant");
  names.llama_cpp = probes.String("llama_cpp");
  names.embeddings = probes.String("embeddings");
  names.aidb_telemetry = probes.String("aidb_telemetry");
  names.hybrid_telemetry = probes.String("hybrid_telemetry");
  const sdk::ConfigReader ports = config.Object("ports");
  LegacyPorts& port = parsed.options.ports;
  port.aidb = ports.Integer("aidb");
  port.hybrid_coordinator = ports.Integer("hybrid_coordinator");
  port.qdrant = ports.Integer("qdrant");
  port.llama_cpp = ports.Integer("llama_cpp");
  port.embeddings = ports.Integer("embeddings");
  parsed.options.embeddings_endpoint = config.String("embeddings_endpoint");
  parsed.options.embeddings_dimensions =
      config.Integer("embeddings_dimensions");
  parsed.max_wait_seconds = config.Number("max_wait_seconds");
  return parsed;
}

LegacyAiMetricsSink::LegacyAiMetricsSink(const std::string& config_json) {
  config_ = LegacySinkConfig::Parse(config_json,
                                    plugin_common::HomeFromEnvironment());
}

std::vector<std::string> LegacyAiMetricsSink::MappedProbes() const {
  const LegacyProbeNames& names = config_.options.probes;
  return {names.aidb,
          names.hybrid_coordinator,
          names.qdrant,
          names.llama_cpp,
          names.embeddings,
          names.aidb_telemetry,
          names.hybrid_telemetry};
}

bool LegacyAiMetricsSink::ShouldWrite(const Snapshot& snapshot) {
  if (waiting_since_ < 0) waiting_since_ = snapshot.taken_at;
  if (snapshot.taken_at - waiting_since_ >= config_.max_wait_seconds) {
    return true;
  }
  for (const auto& name : MappedProbes()) {
    for (const auto& record : snapshot.probes) {
      if (record.probe != name) continue;
      const auto it = runs_at_last_write_.find(name);
      const std::uint64_t seen =
          it == runs_at_last_write_.end() ? 0 : it->second;
      if (record.runs <= seen) return false;
    }
  }
  return true;
}

void LegacyAiMetricsSink::Write(SinkContext& context,
                                const Snapshot& snapshot) {
  const auto document =
      BuildLegacyDocument(snapshot, config_.options, std::time(nullptr));
  const std::string content = SerializeLegacyDocument(document);
  std::error_code ec;
  const auto folder = std::filesystem::path(config_.path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  std::string error;
  if (!context.WriteFileAtomically(config_.path, content, kFileMode, error)) {
    context.Log(LogLevel::kWarning,
                "cannot write " + config_.path + ": " + error);
    return;
  }
  ++writes_;
  waiting_since_ = -1;
  for (const auto& name : MappedProbes()) {
    for (const auto& record : snapshot.probes) {
      if (record.probe == name) runs_at_last_write_[name] = record.runs;
    }
  }
}

void LegacyAiMetricsSink::Consume(SinkContext& context,
                                  const Snapshot& snapshot) {
  try {
    if (ShouldWrite(snapshot)) Write(context, snapshot);
  } catch (const std::exception& e) {
    context.Log(LogLevel::kError,
                std::string("legacy document not written: ") + e.what());
  }
}

}  // namespace stackprobe::legacy
