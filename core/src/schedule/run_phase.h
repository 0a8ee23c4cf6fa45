// SPDX-License-Identifier: Apache-2.0
//
// Where in its interval a probe runs. Each probe's runs keep a fixed phase:
// an offset in [0, interval) from a stable hash of its name, counted from
// the scheduling clock's epoch. Probes of one interval are so spread evenly
// over it instead of firing together, the same name always gets the same
// phase (no randomness: runs are reproducible), and a scheduler built anew
// for a reload puts a probe whose name and interval stayed at the same
// phase as before.
#ifndef STACKPROBE_SCHEDULE_RUN_PHASE_H_
#define STACKPROBE_SCHEDULE_RUN_PHASE_H_

#include <chrono>
#include <string_view>

#include "schedule/clock.h"

namespace stackprobe::schedule {

/// The offset of `probe`'s runs within `interval`, in [0, interval);
/// 0 when interval is not positive. Deterministic across processes and
/// builds.
std::chrono::milliseconds PhaseOffset(std::string_view probe,
                                      std::chrono::milliseconds interval);

/// The first time at or after `now` that is PhaseOffset(probe, interval)
/// past a whole number of intervals since the clock's epoch: when the first
/// run of `probe` is due. `now` itself when interval is not positive.
Clock::TimePoint FirstRunAt(Clock::TimePoint now, std::string_view probe,
                            std::chrono::milliseconds interval);

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_RUN_PHASE_H_
