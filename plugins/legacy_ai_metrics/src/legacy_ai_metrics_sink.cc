// SPDX-License-Identifier: Apache-2.0
#include "legacy_ai_metrics_sink.h"

#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stackprobe/plugin_common/home_path.h"
#include "stackprobe/sdk/output_path.h"

namespace stackprobe::legacy {
namespace {

constexpr std::uint32_t kFileMode = 0644;
constexpr const char* kDefaultPath =
    "~/.local/share/nixos-system-dashboard/ai_metrics.json";

std::string NameOr(const nlohmann::json& object, const char* key,
                   const std::string& fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string() || it->get<std::string>().empty()) {
    throw std::invalid_argument(std::string("probes.") + key +
                                ": expected a probe name, got " + it->dump());
  }
  return it->get<std::string>();
}

std::int64_t PortOr(const nlohmann::json& object, const char* key,
                    std::int64_t fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
      it->get<std::int64_t>() > 65535) {
    throw std::invalid_argument(std::string("ports.") + key +
                                ": expected an integer 1..65535, got " +
                                it->dump());
  }
  return it->get<std::int64_t>();
}

}  // namespace

LegacySinkConfig LegacySinkConfig::Parse(const std::string& config_json,
                                         const std::string& home) {
  const auto config = nlohmann::json::parse(config_json);
  LegacySinkConfig parsed;
  parsed.path =
      plugin_common::ExpandHome(config.value("path", kDefaultPath), home);
  if (auto refusal = sdk::OutputPathRefusal(parsed.path)) {
    throw std::invalid_argument("path: " + *refusal);
  }
  const std::string words = config.value("status_words", "legacy");
  if (words == "online") {
    parsed.options.status_words = StatusWords::kOnline;
  } else if (words != "legacy") {
    throw std::invalid_argument(
        "status_words: expected legacy or online, got " + words);
  }
  const nlohmann::json probes =
      config.value("probes", nlohmann::json::object());
  LegacyProbeNames& names = parsed.options.probes;
  names.aidb = NameOr(probes, "aidb", names.aidb);
  names.hybrid_coordinator =
      NameOr(probes, "hybrid_coordinator", names.hybrid_coordinator);
  names.qdrant = NameOr(probes, "qdrant", names.qdrant);
  names.llama_cpp = NameOr(probes, "llama_cpp", names.llama_cpp);
  names.embeddings = NameOr(probes, "embeddings", names.embeddings);
  names.aidb_telemetry = NameOr(probes, "aidb_telemetry", names.aidb_telemetry);
  names.hybrid_telemetry =
      NameOr(probes, "hybrid_telemetry", names.hybrid_telemetry);
  const nlohmann::json ports = config.value("ports", nlohmann::json::object());
  LegacyPorts& port = parsed.options.ports;
  port.aidb = PortOr(ports, "aidb", port.aidb);
  port.hybrid_coordinator =
      PortOr(ports, "hybrid_coordinator", port.hybrid_coordinator);
  port.qdrant = PortOr(ports, "qdrant", port.qdrant);
  port.llama_cpp = PortOr(ports, "llama_cpp", port.llama_cpp);
  port.embeddings = PortOr(ports, "embeddings", port.embeddings);
  parsed.options.embeddings_endpoint =
      config.value("embeddings_endpoint", parsed.options.embeddings_endpoint);
  parsed.options.embeddings_dimensions = config.value(
      "embeddings_dimensions", parsed.options.embeddings_dimensions);
  parsed.max_wait_seconds =
      config.value("max_wait_seconds", parsed.max_wait_seconds);
  if (!(parsed.max_wait_seconds > 0)) {
    throw std::invalid_argument("max_wait_seconds: expected > 0, got " +
                                std::to_string(parsed.max_wait_seconds));
  }
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
