// SPDX-License-Identifier: Apache-2.0
//
// The telemetry numbers as the old shell collector computed them for the
// legacy ai_metrics.json: every line of the file counts (`wc -l`), and the
// local/remote decisions are plain text matches over the last 100 lines,
// not parsed JSON.
#ifndef STACKPROBE_PLUGINS_TELEMETRY_LEGACY_LINE_COUNT_H_
#define STACKPROBE_PLUGINS_TELEMETRY_LEGACY_LINE_COUNT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "decision_window.h"

namespace stackprobe::telemetry {

/// The exact texts the old collector searched for (no space after the
/// colon: a line written with Python's default json.dumps spacing does not
/// match).
inline constexpr std::string_view kLegacyLocalText = R"("decision":"local")";
inline constexpr std::string_view kLegacyRemoteText = R"("decision":"remote")";

/// What the old collector's reading of the file adds up to.
struct LegacyLineTotals {
  std::uint64_t lines = 0;     ///< Newline-terminated lines (`wc -l`).
  std::string last_line_time;  ///< "timestamp" of the last line, or "".
  std::uint64_t local_queries =
      0;  ///< Lines of the window with the local text.
  std::uint64_t remote_queries =
      0;  ///< Lines of the window with the remote text.
};

/// Counts lines the way the old collector did. Not thread-safe.
class LegacyLineCount {
 public:
  /// One newline-terminated line (without its newline), searched for the
  /// decision texts; `timestamp` is the line's "timestamp" string when the
  /// line is a JSON object that has one, else "".
  void AddLine(std::string_view line, std::string_view timestamp);

  /// One line that is not searched (longer than the reader holds in
  /// memory): it counts as a line, a line of the window without decision,
  /// and the last line (with no timestamp).
  void AddUnsearchedLine();

  /// Forgets everything (the file was replaced or removed).
  void Clear();

  /// The numbers so far.
  LegacyLineTotals Totals() const;

 private:
  std::uint64_t lines_ = 0;
  std::string last_line_time_;
  DecisionWindow window_;
};

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_LEGACY_LINE_COUNT_H_
