// SPDX-License-Identifier: Apache-2.0
#include "legacy_line_count.h"

namespace stackprobe::telemetry {

void LegacyLineCount::AddLine(std::string_view line,
                              std::string_view timestamp) {
  ++lines_;
  last_line_time_.assign(timestamp);
  window_.Push(line.find(kLegacyLocalText) != std::string_view::npos,
               line.find(kLegacyRemoteText) != std::string_view::npos);
}

void LegacyLineCount::AddUnsearchedLine() {
  ++lines_;
  last_line_time_.clear();
  window_.Push(false, false);
}

void LegacyLineCount::Clear() {
  lines_ = 0;
  last_line_time_.clear();
  window_.Clear();
}

LegacyLineTotals LegacyLineCount::Totals() const {
  return LegacyLineTotals{lines_, last_line_time_, window_.local(),
                          window_.remote()};
}

}  // namespace stackprobe::telemetry
