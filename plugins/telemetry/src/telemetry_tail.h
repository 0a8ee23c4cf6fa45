// SPDX-License-Identifier: Apache-2.0
//
// Incremental reader of one JSON-lines telemetry file: remembers the file's
// identity and how far it has read, so each run reads only what was
// appended, and re-reads from the start only when the file shrank or was
// replaced.
#ifndef STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_TAIL_H_
#define STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_TAIL_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "decision_window.h"
#include "legacy_line_count.h"

namespace stackprobe::telemetry {

/// At most this many distinct event_type values are counted by name.
inline constexpr std::size_t kMaxEventTypes = 32;
/// The event_type label used for every other (and for missing) type.
inline constexpr const char* kOtherEventType = "other";
/// JSON nested deeper than this is a skipped line.
inline constexpr int kMaxJsonDepth = 64;

/// What the lines read so far add up to.
struct TelemetryTotals {
  std::uint64_t events = 0;         ///< Lines that were a JSON object.
  std::uint64_t skipped_lines = 0;  ///< Too long, not JSON, or not an object.
  std::string last_event_time;      ///< "timestamp" of the last event, or "".
  std::optional<double> last_event_timestamp;           ///< Same, Unix seconds.
  std::map<std::string, std::uint64_t> events_by_type;  ///< Bounded, see above.
  std::int64_t tokens_saved = 0;  ///< Sum of numeric "tokens_saved".
  /// Events among the last kDecisionWindow whose "decision" (or
  /// "metadata"."decision") string is "local".
  std::uint64_t local_queries = 0;
  /// Same for "remote".
  std::uint64_t remote_queries = 0;
  /// The same file read the way the old collector read it.
  LegacyLineTotals legacy;
};

/// Reads one file incrementally. Not thread-safe: one probe object owns it.
class TelemetryTail {
 public:
  /// How Update went.
  enum class Status : std::uint8_t {
    kOk,          ///< Read (possibly nothing new).
    kMissing,     ///< The file does not exist; totals were reset.
    kUnreadable,  ///< Exists but cannot be read (see error).
  };

  /// Lines longer than `max_line_bytes` (without the newline) are skipped.
  explicit TelemetryTail(std::size_t max_line_bytes);

  /// Reads what was appended to `path` since the last call, until EOF or
  /// `deadline` (the rest is read next time). A final line without a
  /// newline is left for the next call: the writer may be mid-line.
  Status Update(const std::string& path,
                std::chrono::steady_clock::time_point deadline,
                std::string& error);

  /// Totals over every line read since the file was (re)started.
  TelemetryTotals Totals() const;

  /// Bytes of the file consumed so far.
  std::uint64_t offset() const { return offset_; }

 private:
  void Reset();
  void ConsumeLine(std::string_view line);

  std::size_t max_line_bytes_;
  bool known_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
  std::uint64_t offset_ = 0;
  bool skipping_ = false;     ///< Inside a line already known to be too long.
  TelemetryTotals totals_;    ///< Without the decision and legacy counts.
  DecisionWindow decisions_;  ///< Over the last event lines.
  LegacyLineCount legacy_;    ///< Over every line.
};

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_TAIL_H_
