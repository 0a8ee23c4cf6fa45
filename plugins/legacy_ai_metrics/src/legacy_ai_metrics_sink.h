// SPDX-License-Identifier: Apache-2.0
//
// The legacy_ai_metrics sink: rewrites ai_metrics.json (atomically) after
// every complete round of the probes it reads.
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_AI_METRICS_SINK_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_AI_METRICS_SINK_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "legacy_document.h"
#include "stackprobe/plugin.h"

namespace stackprobe::legacy {

/// Reads the sink's config as the host passes it (validated against
/// kConfigSchema, defaults filled in); `home` expands a leading "~/" of
/// `path`. Throws std::invalid_argument("path: ...") when `path` may not be
/// written (sdk::OutputPathRefusal: a system folder,
/// or an existing file that is no regular file or another user's).
struct LegacySinkConfig {
  std::string path;  ///< Expanded path of ai_metrics.json.
  LegacyOptions options;
  /// Write even if a round is incomplete when the last write (or the first
  /// snapshot) is this old, so a probe that never finishes cannot freeze
  /// the file. Seconds.
  double max_wait_seconds = 0;

  static LegacySinkConfig Parse(const std::string& config_json,
                                const std::string& home);
};

/// Writes the legacy file. Consume is called from one host thread at a
/// time (plugin.h); the object keeps per-probe run counters between calls.
class LegacyAiMetricsSink final : public Sink {
 public:
  /// Parses the config; `path`'s "~/" is expanded from $HOME.
  explicit LegacyAiMetricsSink(const std::string& config_json);

  /// Writes the document when the round is complete; logs write failures
  /// through the context, never throws.
  void Consume(SinkContext& context, const Snapshot& snapshot) override;

  /// The parsed config.
  const LegacySinkConfig& config() const { return config_; }
  /// Successful writes so far.
  std::uint64_t writes() const { return writes_; }

 private:
  /// Names of the probes the document reads.
  std::vector<std::string> MappedProbes() const;
  /// True when every mapped probe present in `snapshot` finished a run
  /// since the last write, or the wait is over.
  bool ShouldWrite(const Snapshot& snapshot);
  void Write(SinkContext& context, const Snapshot& snapshot);

  LegacySinkConfig config_;
  std::map<std::string, std::uint64_t> runs_at_last_write_;
  double waiting_since_ = -1;  ///< taken_at of the first snapshot waited on.
  std::uint64_t writes_ = 0;
};

}  // namespace stackprobe::legacy

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_AI_METRICS_SINK_H_
