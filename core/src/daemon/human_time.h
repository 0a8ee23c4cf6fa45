// SPDX-License-Identifier: Apache-2.0
//
// Spans of time as people read them ("12 s", "3 min", "2 h", "4 d"), for the
// status page and the log's summary lines.
#ifndef STACKPROBE_DAEMON_HUMAN_TIME_H_
#define STACKPROBE_DAEMON_HUMAN_TIME_H_

#include <string>

namespace stackprobe::daemon {

/// `seconds` rounded down to its largest unit: "0 s" to "59 s", "1 min" to
/// "59 min", "1 h" to "47 h", then days. Negative spans count as 0.
std::string HumanDuration(double seconds);

/// A run's duration: "850 µs", "4.1 ms", "1.25 s".
std::string HumanLatency(double seconds);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_HUMAN_TIME_H_
