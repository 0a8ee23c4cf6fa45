// SPDX-License-Identifier: Apache-2.0
//
// Runs probes on their intervals with a bounded worker pool: a due-time heap
// on one thread hands runs to workers. A probe never runs concurrently with
// itself (a run that is still going when the next is due makes that next run
// a counted skip), each probe runs at a fixed phase of its interval
// (schedule/run_phase.h) so probes don't fire in lockstep, and a probe that
// keeps failing backs off (capped, reset on success). A probe
// whose dependency is down still runs (the store reports it blocked beside
// its own result), unless it asks to be skipped then: its result is state
// `blocked`.
// When runs happen is decided on SchedulerOptions::clock (simulated time in
// tests); the deadline a plugin gets and the measured durations are real
// steady-clock time, since plugins do real I/O.
#ifndef STACKPROBE_SCHEDULE_SCHEDULER_H_
#define STACKPROBE_SCHEDULE_SCHEDULER_H_

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/host_context.h"
#include "loader/plugin_loader.h"
#include "schedule/clock.h"
#include "schedule/result_store.h"

namespace stackprobe::schedule {

/// A configured probe, ready to run.
struct ScheduledProbe {
  ProbeDefinition definition;
  std::chrono::milliseconds interval{15000};
  std::chrono::milliseconds timeout{5000};
  /// The plugin object (a Probe). Null when the probe cannot run: then every
  /// run reports state error with `unavailable_reason`.
  loader::PluginObject object;
  std::set<std::string> allowed_reasons;
  std::string unavailable_reason;
  /// Where its config is ("stackprobe.yml: probes[0].config"), for fixes.
  std::string config_location;
  /// Probes its config names (config/probe_references.h): their results
  /// are read during a run, so a one-shot round runs them first.
  std::vector<std::string> reads;
  /// While a dependency is down, report `blocked` instead of running
  /// (config `skip_while_blocked: true`); by default the probe runs.
  bool skip_while_blocked = false;
  /// Run the plugin in a worker process instead (config `isolate: true`):
  /// the worker creates its own object from plugin_path and config_json.
  bool isolate = false;
  std::string plugin_path;         ///< The plugin library, absolute.
  std::string config_json = "{}";  ///< The probe's config object.
};

/// How a Scheduler runs. Durations are on `clock`.
struct SchedulerOptions {
  /// Threads that run probes (at least 1 is used).
  int workers = 4;
  /// true: runs keep each probe's phase (FirstRunAt in
  /// schedule/run_phase.h). A probe with no result yet (a fresh start, or
  /// new in a reload) runs within start_window of Start, spread over it by
  /// the same hash, and then moves to its phase: its second run comes half
  /// an interval to one and a half intervals after the first. A probe that
  /// has a result (kept by a reload) waits for its phase.
  /// false: every first run is due at Start (tests that count from there).
  bool spread_phases = true;
  /// See spread_phases: how soon after Start every probe without a result
  /// has run, so a freshly started exporter has every result within seconds.
  std::chrono::milliseconds start_window{std::chrono::seconds(2)};
  /// Runs are handed to the workers on whole multiples of a quantum (this,
  /// at most a tenth of the probe's interval; counted from the clock's
  /// epoch): a run is at most a quantum late, never early, and the runs due
  /// within one quantum wake the timer and the workers once. Spread phases
  /// otherwise wake them for every run: at 5000 probes every 15 s that
  /// tripled the daemon's CPU (0.055 → 0.166 CPU-s/s here, mostly in
  /// context switches). 0: every run at its exact time.
  std::chrono::milliseconds dispatch_quantum{250};
  /// Backoff multiplies the interval by 2 per consecutive failure from the
  /// second on, up to this factor and at most max_backoff.
  int max_backoff_factor = 4;
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  /// How long Stop() waits for runs in flight before leaving them behind.
  std::chrono::milliseconds stop_grace{800};
  /// The time that due times, phases, intervals, backoff,
  /// overrun skips and stop_grace are measured on. Shared with the caller
  /// (a test advancing a ManualClock); null: a SteadyClock of its own.
  std::shared_ptr<Clock> clock;
  /// The binary whose `worker` command runs isolated probes; empty: this
  /// process's own executable.
  std::string worker_executable;
};

/// Owns the probe objects and the threads that run them. Start once, Stop
/// once (the destructor stops). Thread-safe.
class Scheduler {
 public:
  /// `store` and the objects `services` points to must outlive the
  /// scheduler. The store must already define every probe.
  Scheduler(std::vector<ScheduledProbe> probes, ResultStore& store,
            host::HostServices services, SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Starts the timer thread and the workers.
  void Start();
  /// Cancels runs in flight and joins the threads. Runs that ignore
  /// cancellation beyond stop_grace (on the options' clock) are left to
  /// finish on their own; their results are discarded.
  void Stop();

  /// Runs `probe` now on the calling thread and waits for it, bounded by
  /// `timeout` (default: the probe's own). If a scheduled run is in flight it
  /// waits for that one instead. A run given less than the probe's own
  /// timeout that fails is returned in `out` but not stored: the shorter
  /// deadline was the caller's, so the failure may be too. False when no
  /// such probe is configured.
  bool RunNow(const std::string& probe,
              std::optional<std::chrono::milliseconds> timeout,
              ProbeRecord& out);

  /// Names of the configured probes, sorted.
  std::vector<std::string> ProbeNames() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

/// Runs `probe` once on the calling thread, outside any scheduler and
/// store (for one-off runs such as /probe?target=), with exceptions
/// contained and the result sanitized like a scheduled run's.
ProbeRecord RunDetached(ScheduledProbe& probe,
                        const host::HostServices& services,
                        std::chrono::milliseconds timeout);

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_SCHEDULER_H_
