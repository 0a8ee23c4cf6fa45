// SPDX-License-Identifier: Apache-2.0
//
// The output of a check in JSON mode: one object,
// {"state": "up"|"degraded"|"down"|"error", "reason": "...",
//  "message": "...", "metrics": {"name": number, ...}}.
#ifndef STACKPROBE_PLUGINS_EXEC_JSON_OUTPUT_H_
#define STACKPROBE_PLUGINS_EXEC_JSON_OUTPUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::exec {

/// What a JSON check reported.
struct JsonCheckOutput {
  State state = State::kError;
  std::string reason;   ///< One of namespace reason's names.
  std::string message;  ///< As sent (the caller clips it).
  /// Metric name (as sent) and value, in name order.
  std::vector<std::pair<std::string, double>> metrics;
  /// Metrics dropped: not a finite number, or beyond the cap.
  std::size_t skipped_metrics = 0;
};

/// Parses `text` with the bounded JSON parser. "state" is required; an
/// absent "reason" is "none" when up and "assertion" otherwise; keys other
/// than the four are ignored. Keeps at most `max_metrics` metrics. Returns
/// false with `error` (one line) for anything else: not JSON, not an
/// object, a missing or unknown state, an unknown reason, a key of the
/// wrong type. Never throws beyond std::bad_alloc; pure.
bool ParseJsonOutput(std::string_view text, std::size_t max_metrics,
                     JsonCheckOutput& out, std::string& error);

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_JSON_OUTPUT_H_
