// SPDX-License-Identifier: Apache-2.0
//
// Builds the legacy ai_metrics.json document, the file the existing
// dashboard reads, from a snapshot of probe results. Pure: no I/O.
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_DOCUMENT_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_DOCUMENT_H_

#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::legacy {

/// Which vocabulary the `status` fields use.
enum class StatusWords : std::uint8_t {
  kLegacy,  ///< Upstream words as the old collector wrote them (aidb "ok").
  kOnline,  ///< aidb "ok" becomes "online" (newer dashboards).
};

/// Names of the configured probes each part of the document comes from
/// (their defaults are the config schema's, config_schema.h).
struct LegacyProbeNames {
  std::string aidb;
  std::string hybrid_coordinator;
  std::string qdrant;
  std::string llama_cpp;
  std::string embeddings;
  std::string aidb_telemetry;
  std::string hybrid_telemetry;
};

/// Ports shown in the document (display only; nothing is contacted).
struct LegacyPorts {
  std::int64_t aidb = 0;
  std::int64_t hybrid_coordinator = 0;
  std::int64_t qdrant = 0;
  std::int64_t llama_cpp = 0;
  std::int64_t embeddings = 0;
};

/// Everything BuildLegacyDocument needs besides the snapshot.
struct LegacyOptions {
  LegacyProbeNames probes;
  LegacyPorts ports;
  std::string embeddings_endpoint;
  /// `dimensions` shown when the embeddings probe reports none.
  std::int64_t embeddings_dimensions = 0;
  StatusWords status_words = StatusWords::kLegacy;
};

/// `now` as ISO 8601 with seconds and the local UTC offset
/// ("2026-01-06T08:30:00-08:00"), in the process's time zone (TZ).
std::string FormatLocalTimestamp(std::time_t now);

/// The whole document, keys in the legacy order. Never contains null; every
/// status is a string; probes missing from `snapshot`, not run yet, or in
/// state error count as failed calls ("unknown", zeros). Pure and
/// thread-safe; never throws on any probe details (bad JSON counts as {}).
nlohmann::ordered_json BuildLegacyDocument(const Snapshot& snapshot,
                                           const LegacyOptions& options,
                                           std::time_t now);

/// The file's bytes: the document pretty-printed like the old file (2-space
/// indent, one key per line, keys in document order) and a final newline.
/// Invalid UTF-8 in strings becomes U+FFFD instead of throwing.
std::string SerializeLegacyDocument(const nlohmann::ordered_json& document);

}  // namespace stackprobe::legacy

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_DOCUMENT_H_
