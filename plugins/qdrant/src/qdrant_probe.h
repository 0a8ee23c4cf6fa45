// SPDX-License-Identifier: Apache-2.0
//
// Probes Qdrant: its health endpoint, the collection list and every expected
// or listed collection (fetched once each, concurrently), checking that the
// expected collections exist and that their vector size matches what the
// embeddings model produces.
#ifndef STACKPROBE_PLUGINS_QDRANT_QDRANT_PROBE_H_
#define STACKPROBE_PLUGINS_QDRANT_QDRANT_PROBE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::qdrant {

/// Extra reason: an expected collection does not exist.
inline constexpr const char* kReasonMissingCollection = "missing_collection";

/// The qdrant probe. Immutable after construction.
class QdrantProbe : public Probe {
 public:
  /// Reads `config_json` (see README.md). Throws std::invalid_argument with
  /// "key: expected ..., got ..." on a semantic error.
  explicit QdrantProbe(const std::string& config_json);

  /// Runs one check. Never throws: a failure inside becomes state error,
  /// reason plugin_error.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunChecked(ProbeContext& context);
  /// The vector size collections must have, or 0 when unknown.
  std::int64_t WantedDimension(ProbeContext& context) const;
  HttpRequest Get(const std::string& path, std::size_t max_body_bytes) const;

  std::string base_url_;  // Without a trailing slash.
  std::string health_path_;
  std::vector<std::string> expected_collections_;
  std::int64_t expected_dimension_ = 0;  // 0: not configured.
  std::string embeddings_probe_;         // "": not configured.
  std::string api_key_;
};

}  // namespace stackprobe::qdrant

#endif  // STACKPROBE_PLUGINS_QDRANT_QDRANT_PROBE_H_
