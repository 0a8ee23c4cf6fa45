// SPDX-License-Identifier: Apache-2.0
//
// The host side of `isolate: true`: one long-lived worker process per
// isolated probe (`stackprobe worker`, started by argv with posix_spawn,
// never a shell), spoken to over a socket pair with the protocol of
// protocol.h. A worker that dies during a run (SIGSEGV, abort, exit) makes
// that run state error, reason plugin_crash, with the signal's name in the
// message; one that does not answer by the deadline plus a grace period is
// killed, and the run is state error, reason timeout. Either way the next run
// starts a new worker.
#ifndef STACKPROBE_ISOLATE_SUPERVISOR_H_
#define STACKPROBE_ISOLATE_SUPERVISOR_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::isolate {

/// What a supervisor runs, and how.
struct SupervisorOptions {
  /// The stackprobe binary that has the `worker` command; empty means this
  /// process's own executable (/proc/self/exe).
  std::string worker_executable;
  /// Global options placed before `worker` (e.g. {"--log-level", "debug"}).
  std::vector<std::string> worker_args;
  std::string plugin_path;  ///< Absolute path of the plugin library.
  std::string plugin;       ///< Plugin name.
  std::string instance;     ///< Configured probe name.
  std::string config_json;  ///< The probe's config object, as configured.
  /// How long past a run's deadline the worker may take before it is killed.
  std::chrono::milliseconds grace{1000};
};

/// The signal's conventional name ("SIGSEGV"), or "signal N" when unknown.
std::string SignalName(int signal_number);

/// Supervises the worker of one isolated probe. Run is serialized by an
/// internal mutex (the scheduler never runs one probe twice at once anyway).
/// The destructor kills the worker and reaps it.
class ProbeSupervisor {
 public:
  explicit ProbeSupervisor(SupervisorOptions options);
  ~ProbeSupervisor();
  ProbeSupervisor(const ProbeSupervisor&) = delete;
  ProbeSupervisor& operator=(const ProbeSupervisor&) = delete;

  /// Runs the probe once in the worker, starting one first when there is
  /// none. Returns by `deadline` + grace at the latest, or soon after
  /// `cancelled` (may be null) becomes true. Never throws.
  ProbeResult Run(std::chrono::steady_clock::time_point deadline,
                  const std::atomic<bool>* cancelled);

  /// Process id of the current worker, or -1 when none is running. Does not
  /// wait for a run in progress.
  pid_t WorkerPid() const;
  /// Workers started so far (the first one included). Does not wait for a
  /// run in progress.
  std::uint64_t WorkersStarted() const;

 private:
  bool StartWorker(std::string& error);  // needs mutex_
  // Waits up to `wait` for the worker to end by itself, then kills it;
  // returns the wait status. Needs mutex_.
  int StopWorker(std::chrono::milliseconds wait);

  SupervisorOptions options_;
  std::mutex mutex_;  // serializes Run and the worker's lifecycle
  std::atomic<pid_t> pid_{-1};
  int fd_ = -1;
  std::atomic<std::uint64_t> started_{0};
};

}  // namespace stackprobe::isolate

#endif  // STACKPROBE_ISOLATE_SUPERVISOR_H_
