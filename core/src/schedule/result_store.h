// SPDX-License-Identifier: Apache-2.0
//
// The newest result of every probe, and the counters derived from them.
// Writers (probe runs) update one probe at a time; readers (scrapes, sinks,
// the status API) take immutable snapshots. A snapshot is rebuilt lazily, at
// most once per change, so thousands of probes updating between two scrapes
// cost one copy, not thousands.
#ifndef STACKPROBE_SCHEDULE_RESULT_STORE_H_
#define STACKPROBE_SCHEDULE_RESULT_STORE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/snapshot.h"

namespace stackprobe::schedule {

/// Static facts about a configured probe.
struct ProbeDefinition {
  std::string name;
  std::string plugin;
  Labels labels;
  double interval_seconds = 0;
  double timeout_seconds = 0;
  std::vector<std::string> depends_on;
};

/// What a recorded run changed about its probe's state.
struct StateChange {
  bool changed = false;  ///< A state other than the previous run's, or first.
  bool first = false;    ///< The probe's first recorded run.
  State from = State::kUp;          ///< The previous run's state.
  std::uint64_t previous_runs = 0;  ///< Runs in a row `from` lasted.
  double previous_since = 0;        ///< When `from` began (Unix seconds).
};

/// Thread-safe store of probe results. Outlives reloads: probes that keep
/// their name and plugin keep their counters.
class ResultStore {
 public:
  /// Makes the store hold exactly `definitions`: new probes are added with no
  /// result, removed ones disappear, kept ones keep results and counters
  /// (a probe whose plugin changed starts afresh).
  void Define(const std::vector<ProbeDefinition>& definitions);

  /// Runs kept per probe for the status page and /api/v1/status: 30, about
  /// 1.5 KiB per probe.
  static constexpr std::size_t kHistoryLength = 30;

  /// Told of every recorded run: the probe's name and the run's duration.
  using RunObserver =
      std::function<void(const std::string& probe, double duration_seconds)>;

  /// Sets the observer (at most one). Call before any run is recorded. It is
  /// called under the store's lock, so a snapshot never shows a run the
  /// observer has not seen: it must be quick and must not call the store.
  void SetRunObserver(RunObserver observer);

  /// Records a finished run of `probe` (ignored when it is not defined) and
  /// says whether it changed the probe's state.
  StateChange Record(const std::string& probe, const ProbeResult& result,
                     double finished_at, double duration_seconds);

  /// Counts a scheduled run skipped because the previous one still ran.
  void CountSkippedRun(const std::string& probe);

  /// Copies the newest record of `probe`; false when not defined.
  bool Latest(const std::string& probe, ProbeRecord& out) const;

  /// State of `probe`'s newest result, or nullopt before its first run.
  std::optional<State> LatestState(const std::string& probe) const;

  /// The dependency that blocks `probe` now (see ProbeStatus::blocked_by),
  /// or "" when none does or the probe is not defined.
  std::string BlockedBy(const std::string& probe) const;

  /// The current snapshot (shared, immutable).
  model::SnapshotPtr Snapshot() const;

  /// Generation of the newest change; increases with every change.
  std::uint64_t Generation() const;

  /// Waits until the generation exceeds `seen` or `timeout` passes, and
  /// returns the newest generation.
  std::uint64_t WaitForChange(std::uint64_t seen,
                              std::chrono::milliseconds timeout) const;

 private:
  // BlockedBy with mutex_ held; `visiting` guards against cycles.
  std::string BlockedByLocked(const std::string& probe,
                              std::set<std::string>& visiting) const;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, model::ProbeStatus> probes_;
  std::uint64_t generation_ = 0;
  RunObserver run_observer_;
  mutable model::SnapshotPtr snapshot_;  // rebuilt when stale
};

/// Wall-clock now in Unix seconds.
double UnixNow();

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_RESULT_STORE_H_
