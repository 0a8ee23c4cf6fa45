// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"
#include "isolate/worker.h"

namespace stackprobe::cli {

int RunWorkerCommand(const WorkerCommandOptions& options) {
  isolate::WorkerOptions worker;
  worker.fd = options.fd;
  worker.parent_pid = static_cast<pid_t>(options.parent_pid);
  return isolate::RunWorker(worker);
}

}  // namespace stackprobe::cli
