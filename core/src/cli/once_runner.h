// SPDX-License-Identifier: Apache-2.0
//
// Runs configured probes once (for `check` and `collect`): dependencies
// first, the probes of one dependency level concurrently.
#ifndef STACKPROBE_CLI_ONCE_RUNNER_H_
#define STACKPROBE_CLI_ONCE_RUNNER_H_

#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "schedule/result_store.h"
#include "schedule/scheduler.h"

namespace stackprobe::cli {

/// The probes to run for `wanted` (all when empty) with their transitive
/// dependencies. Throws std::invalid_argument naming an unknown probe.
std::set<std::string> WithDependencies(const config::Config& config,
                                       const std::vector<std::string>& wanted);

/// Runs `selected` once through `scheduler` (not started), level by level,
/// at most `workers` at a time, recording into the scheduler's store.
void RunOnce(const config::Config& config, schedule::Scheduler& scheduler,
             const std::set<std::string>& selected, int workers);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_ONCE_RUNNER_H_
