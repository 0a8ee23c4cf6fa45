// SPDX-License-Identifier: Apache-2.0
//
// Sample telemetry files of the AI stack: aidb-events.jsonl and
// hybrid-events.jsonl, JSON lines with Python json.dumps spacing
// (", " and ": "), as the real services write them.
#ifndef STACKPROBE_FAKE_STACK_TELEMETRY_H_
#define STACKPROBE_FAKE_STACK_TELEMETRY_H_

#include <cstddef>
#include <string>

namespace stackprobe::fake_stack {

/// One aidb-events.jsonl line (no newline) for event number `index`;
/// `timestamp` is ISO 8601 with microseconds and offset.
std::string AidbEventLine(std::size_t index, const std::string& timestamp);
/// One hybrid-events.jsonl line (no newline); even indexes are
/// "context_augmented", odd ones "interaction_tracked".
std::string HybridEventLine(std::size_t index, const std::string& timestamp);
/// The current time as "2026-01-06T16:00:01.501122+00:00" (UTC).
std::string TelemetryTimestampNow();

/// Appends `count` lines to DIR/aidb-events.jsonl and to
/// DIR/hybrid-events.jsonl, creating DIR and the files as needed; lines are
/// numbered from `first_index`. Throws std::runtime_error on an I/O error.
void AppendTelemetry(const std::string& dir, std::size_t first_index,
                     std::size_t count);

}  // namespace stackprobe::fake_stack

#endif  // STACKPROBE_FAKE_STACK_TELEMETRY_H_
