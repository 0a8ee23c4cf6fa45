// SPDX-License-Identifier: Apache-2.0
//
// The worker side of `isolate: true`: the loop `stackprobe worker` runs. It
// answers run requests (protocol.h) on one socket: loads the plugin with the
// real loader (same trust checks as the daemon), validates the config
// against the plugin's schema, creates the probe once, and runs it per
// request with a host context of its own (its own HTTP client; commands,
// connections, atomic writes and logging are local to the worker).
// LatestResult of other probes is not available in a worker: it answers
// false. A crash or hang here costs only this process; the supervisor
// (supervisor.h) reports it and starts a new worker.
#ifndef STACKPROBE_ISOLATE_WORKER_H_
#define STACKPROBE_ISOLATE_WORKER_H_

#include <sys/types.h>

namespace stackprobe::isolate {

/// How a worker process was started.
struct WorkerOptions {
  int fd = 3;            ///< The worker's end of the socket pair.
  pid_t parent_pid = 0;  ///< The supervising process; 0 skips the check.
};

/// Serves run requests on `options.fd` until the host closes it. Returns the
/// process exit code (0 on a clean close). Call from main, once per process:
/// it changes process-wide state (parent-death signal, crash signal
/// dispositions, stray file descriptors are closed).
int RunWorker(const WorkerOptions& options);

}  // namespace stackprobe::isolate

#endif  // STACKPROBE_ISOLATE_WORKER_H_
