// SPDX-License-Identifier: Apache-2.0
//
// Plain data shared by the scheduler (producer), the exposition, the status
// API and the sinks (consumers). Snapshots are immutable once published.
#ifndef STACKPROBE_MODEL_SNAPSHOT_H_
#define STACKPROBE_MODEL_SNAPSHOT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::model {

/// One finished run, as the status page's history strip shows it.
struct RunSummary {
  double finished_at = 0;  ///< Unix seconds.
  double duration_seconds = 0;
  State state = State::kError;
  std::string reason;
};

/// The newest runs of a probe, oldest first (bounded by the store).
using RunHistory = std::vector<RunSummary>;

/// Everything the host knows about one configured probe at one moment.
struct ProbeStatus {
  ProbeRecord
      record;  ///< Latest result (record.has_run false before the first).
  /// Failed runs (state not up/degraded) by reason, since the probe was
  /// created.
  std::map<std::string, std::uint64_t> failures_by_reason;
  /// Scheduled runs skipped because the previous run was still going.
  std::uint64_t skipped_overruns = 0;
  double interval_seconds = 0;  ///< Configured interval.
  double timeout_seconds = 0;   ///< Configured timeout.
  std::vector<std::string> depends_on;
  /// The dependency (from depends_on, in order) that is down, or that is
  /// itself blocked; empty when none is. A dependency that has not run yet
  /// blocks nothing.
  std::string blocked_by;
  /// When the newest run's state began (Unix seconds: the finish of the
  /// first run in a row with that state; 0 before the first run), and how
  /// many runs in a row have had it.
  double state_since = 0;
  std::uint64_t state_runs = 0;
  /// The newest runs, oldest first; shared, so a snapshot copies a pointer.
  /// Null before the first run.
  std::shared_ptr<const RunHistory> history;
};

/// All probes at one moment, sorted by probe name. Immutable once published.
struct StoreSnapshot {
  std::uint64_t generation = 0;
  double taken_at = 0;  ///< Unix seconds.
  std::vector<ProbeStatus> probes;
};

using SnapshotPtr = std::shared_ptr<const StoreSnapshot>;

/// A loaded plugin, as exported by stackprobe_plugin_info.
struct PluginInfo {
  std::string name;
  std::string version;
  std::uint32_t abi = 0;
  std::string kind;  ///< "probe", "action" or "sink".
  std::string description;
  std::string path;

  bool operator==(const PluginInfo&) const = default;
};

/// Which per-probe core series /metrics carries: the lean default (what the
/// shipped dashboards and alert rules read) or every one (the run counters,
/// failures by reason, skipped runs and the timeout too).
enum class ProbeSeries : std::uint8_t { kLean, kFull };

/// Facts about the exporter itself, for the self metrics.
struct ExporterInfo {
  std::string version;
  std::string revision;
  std::vector<PluginInfo> plugins;
  bool last_reload_successful = true;
  double last_reload_success_timestamp = 0;  ///< Unix seconds.
  double start_time = 0;                     ///< Unix seconds.
  std::string config_file;
  ProbeSeries probe_series = ProbeSeries::kLean;  ///< From `exposition`.

  bool operator==(const ExporterInfo&) const = default;
};

}  // namespace stackprobe::model

#endif  // STACKPROBE_MODEL_SNAPSHOT_H_
