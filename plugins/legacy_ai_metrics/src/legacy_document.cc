// SPDX-License-Identifier: Apache-2.0
#include "legacy_document.h"

#include <algorithm>
#include <cstdio>

#include "legacy_fields.h"

namespace stackprobe::legacy {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kUnknown = "unknown";

// The status word of an HTTP service: its own `.status` when the call
// succeeded, else "unknown" (refused, timed out, HTTP >= 400).
std::string ServiceStatus(const ProbePart& part) {
  if (!CallSucceeded(part)) return kUnknown;
  const std::string upstream = StringField(part.details, "upstream_status", "");
  if (!upstream.empty()) return upstream;
  const auto health = part.details.find("health");
  if (health != part.details.end()) {
    return StringField(*health, "status", kUnknown);
  }
  return kUnknown;
}

// Readers rely on "no nulls anywhere", even inside upstream bodies.
void DropNulls(Json& value) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it->is_null()) {
        it = value.erase(it);
      } else {
        DropNulls(*it);
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it->is_null()) {
        it = value.erase(it);
      } else {
        DropNulls(*it);
        ++it;
      }
    }
  }
}

// The raw /health body when the call succeeded, else {}.
Json HealthCheck(const ProbePart& part) {
  if (!CallSucceeded(part)) return Json::object();
  const auto health = part.details.find("health");
  if (health == part.details.end() || !health->is_object()) {
    return Json::object();
  }
  Json body = *health;
  DropNulls(body);
  return body;
}

// The "legacy" object of a telemetry probe's details: the numbers as the
// old collector computed them. {} when missing, so every field reads 0/"".
Json LegacyTelemetry(const ProbePart& part) {
  const auto legacy = part.details.find("legacy");
  if (legacy == part.details.end() || !legacy->is_object()) {
    return Json::object();
  }
  return *legacy;
}

// Points of one collection; Qdrant names use hyphens, the legacy keys
// underscores, so both spellings are accepted.
std::int64_t CollectionPoints(const Json& collections,
                              const std::string& hyphenated) {
  std::string underscored = hyphenated;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  for (const auto& name : {hyphenated, underscored}) {
    const auto it = collections.find(name);
    if (it != collections.end()) return IntField(*it, "points");
  }
  return 0;
}

}  // namespace

std::string FormatLocalTimestamp(std::time_t now) {
  std::tm local{};
  localtime_r(&now, &local);
  char base[32];
  std::strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &local);
  const long offset = local.tm_gmtoff;
  const int magnitude =
      static_cast<int>((offset < 0 ? -offset : offset) % (24 * 3600));
  char zone[32];
  std::snprintf(zone, sizeof(zone), "%c%02d:%02d", offset < 0 ? '-' : '+',
                magnitude / 3600, (magnitude % 3600) / 60);
  return std::string(base) + zone;
}

Json BuildLegacyDocument(const Snapshot& snapshot, const LegacyOptions& options,
                         std::time_t now) {
  const ProbePart aidb = FindPart(snapshot, options.probes.aidb);
  const ProbePart hybrid =
      FindPart(snapshot, options.probes.hybrid_coordinator);
  const ProbePart qdrant = FindPart(snapshot, options.probes.qdrant);
  const ProbePart llama = FindPart(snapshot, options.probes.llama_cpp);
  const ProbePart embeddings = FindPart(snapshot, options.probes.embeddings);
  const ProbePart aidb_telemetry =
      FindPart(snapshot, options.probes.aidb_telemetry);
  const ProbePart hybrid_telemetry =
      FindPart(snapshot, options.probes.hybrid_telemetry);

  std::string aidb_status = ServiceStatus(aidb);
  if (options.status_words == StatusWords::kOnline && aidb_status == "ok") {
    aidb_status = "online";
  }

  const Json aidb_counts = LegacyTelemetry(aidb_telemetry);
  const Json hybrid_counts = LegacyTelemetry(hybrid_telemetry);
  const std::int64_t hybrid_lines = IntField(hybrid_counts, "total_lines");
  const std::int64_t local_percentage =
      std::min<std::int64_t>(100, IntField(hybrid_counts, "local_percentage"));
  const std::int64_t tokens_saved =
      IntField(hybrid_counts, "estimated_tokens_saved");

  const auto healthy = qdrant.details.find("healthy");
  const bool qdrant_healthy = qdrant.ran && healthy != qdrant.details.end() &&
                              healthy->is_boolean() && healthy->get<bool>();
  Json collections = Json::object();
  if (const auto it = qdrant.details.find("collections");
      it != qdrant.details.end() && it->is_object()) {
    collections = *it;
  }
  std::int64_t total_points = 0;
  if (qdrant.details.contains("total_points")) {
    total_points = IntField(qdrant.details, "total_points");
  } else {
    for (const auto& [name, collection] : collections.items()) {
      total_points += IntField(collection, "points");
    }
  }

  std::string embeddings_model = kUnknown;
  std::int64_t dimensions = options.embeddings_dimensions;
  if (CallSucceeded(embeddings)) {
    embeddings_model = StringField(embeddings.details, "model", kUnknown);
    const std::int64_t reported = IntField(embeddings.details, "dimension");
    if (reported > 0) dimensions = reported;
  }

  Json services = Json::object();
  services["aidb"] = {
      {"service", "aidb"},
      {"status", aidb_status},
      {"port", options.ports.aidb},
      {"health_check", HealthCheck(aidb)},
      {"telemetry",
       {{"total_events", IntField(aidb_counts, "total_lines")},
        {"last_event_time", StringField(aidb_counts, "last_event_time", "")}}}};
  services["hybrid_coordinator"] = {
      {"service", "hybrid_coordinator"},
      {"status", ServiceStatus(hybrid)},
      {"port", options.ports.hybrid_coordinator},
      {"health_check", HealthCheck(hybrid)},
      {"telemetry",
       {{"total_events", hybrid_lines},
        {"local_queries", IntField(hybrid_counts, "local_queries")},
        {"remote_queries", IntField(hybrid_counts, "remote_queries")},
        {"estimated_tokens_saved", tokens_saved},
        {"local_percentage", local_percentage}}}};
  services["qdrant"] = {
      {"service", "qdrant"},
      {"status", qdrant_healthy ? "healthy" : kUnknown},
      {"port", options.ports.qdrant},
      {"metrics",
       {{"collection_count", static_cast<std::int64_t>(collections.size())},
        {"total_vectors", total_points}}}};
  services["llama_cpp"] = {
      {"service", "llama_cpp"},
      {"status", ServiceStatus(llama)},
      {"port", options.ports.llama_cpp},
      {"model", StringField(llama.details, "model", "none")}};
  services["embeddings"] = {{"service", "embeddings"},
                            {"status", ServiceStatus(embeddings)},
                            {"port", options.ports.embeddings},
                            {"model", embeddings_model},
                            {"dimensions", dimensions},
                            {"endpoint", options.embeddings_endpoint}};

  Json knowledge_base = {
      {"total_points", total_points},
      {"real_embeddings_percent", total_points > 0 ? 100 : 0},
      {"collections",
       {{"codebase_context", CollectionPoints(collections, "codebase-context")},
        {"error_solutions", CollectionPoints(collections, "error-solutions")},
        {"best_practices", CollectionPoints(collections, "best-practices")}}},
      {"rag_quality",
       {{"context_relevance", "90%"}, {"improvement_over_baseline", "+60%"}}}};

  // The old collector's formula, kept bit for bit: integer divisions, then
  // a truncated weighted sum in floating point.
  const std::int64_t usage = std::min<std::int64_t>(100, hybrid_lines / 10);
  const std::int64_t knowledge =
      std::min<std::int64_t>(100, total_points / 100);
  const auto overall =
      static_cast<std::int64_t>(0.4 * static_cast<double>(usage) +
                                0.4 * static_cast<double>(local_percentage) +
                                0.2 * static_cast<double>(knowledge));
  Json effectiveness = {{"overall_score", overall},
                        {"total_events_processed", hybrid_lines},
                        {"local_query_percentage", local_percentage},
                        {"estimated_tokens_saved", tokens_saved},
                        {"knowledge_base_vectors", total_points}};

  return Json{{"timestamp", FormatLocalTimestamp(now)},
              {"services", std::move(services)},
              {"knowledge_base", std::move(knowledge_base)},
              {"effectiveness", std::move(effectiveness)}};
}

std::string SerializeLegacyDocument(const nlohmann::ordered_json& document) {
  // The old file's layout: 2-space indent, one key per line.
  return document.dump(2, ' ', false,
                       nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace stackprobe::legacy
