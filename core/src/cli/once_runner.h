// SPDX-License-Identifier: Apache-2.0
//
// Runs configured probes once (for `check` and `collect`): a probe runs
// after the probes it reads (config/probe_references.h), and after its
// dependencies when it is skipped while blocked; all others at once.
#ifndef STACKPROBE_CLI_ONCE_RUNNER_H_
#define STACKPROBE_CLI_ONCE_RUNNER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "schedule/scheduler.h"

namespace stackprobe::cli {

/// Probe name -> the probes its config names (what a run of it reads).
using ProbeReads = std::map<std::string, std::vector<std::string>>;

/// The probes to run for `wanted` (every probe when empty): those, the
/// probes they read (transitively, configured ones only) and, when
/// `with_dependencies`, their depends_on (transitively). Throws
/// std::invalid_argument naming a wanted probe that is not configured and
/// listing the configured ones.
std::set<std::string> ProbesToRun(const config::Config& config,
                                  const ProbeReads& reads,
                                  const std::vector<std::string>& wanted,
                                  bool with_dependencies);

/// Runs `selected` once through `scheduler` (not started), in the order
/// above, at most `workers` at a time, recording into the scheduler's store.
void RunOnce(const config::Config& config, const ProbeReads& reads,
             schedule::Scheduler& scheduler,
             const std::set<std::string>& selected, int workers);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_ONCE_RUNNER_H_
