// SPDX-License-Identifier: Apache-2.0
//
// One log line per state change of a probe, for people following the
// journal: `event=state_change probe=qdrant change="up → down (refused)
// after 3 runs" message="..."`. Runs that keep the state log nothing (the
// debug line event=probe_run has every run).
#ifndef STACKPROBE_SCHEDULE_STATE_CHANGE_LOG_H_
#define STACKPROBE_SCHEDULE_STATE_CHANGE_LOG_H_

#include <string>

#include "schedule/result_store.h"

namespace stackprobe::schedule {

/// "up → down (refused) after 3 runs", "first run: up", or "" when `change`
/// changed nothing. The reason is shown for every state but up (and for
/// degraded only when it is not "none").
std::string DescribeStateChange(const StateChange& change,
                                const ProbeResult& result);

/// Logs the change (if any): at warning when the probe went from one state
/// to one that is not up or degraded; at info otherwise (first runs too).
void LogStateChange(const std::string& probe, const StateChange& change,
                    const ProbeResult& result);

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_STATE_CHANGE_LOG_H_
