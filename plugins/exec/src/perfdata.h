// SPDX-License-Identifier: Apache-2.0
//
// Performance data in the Monitoring Plugins format,
// 'label'=value[UOM];[warn];[crit];[min];[max], space separated, with values
// converted to base units.
#ifndef STACKPROBE_PLUGINS_EXEC_PERFDATA_H_
#define STACKPROBE_PLUGINS_EXEC_PERFDATA_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::exec {

/// What a unit of measurement says about a value.
enum class PerfdataKind {
  kNumber,   ///< No unit: a count of things (users, processes, load).
  kSeconds,  ///< s, ms, us: converted to seconds.
  kBytes,    ///< B, KB, MB, GB, TB (and kB, KiB, ...): converted to bytes.
  kRatio,    ///< %: converted to a ratio, 0..1 for 0..100 %.
  kCounter,  ///< c: a continuous counter, kept as it is.
};

/// One item of performance data, its value in base units.
struct PerfdataItem {
  std::string label;  ///< As written, quotes removed, '' unescaped.
  double value = 0;   ///< In base units (see PerfdataKind).
  PerfdataKind kind = PerfdataKind::kNumber;
};

/// Items read from a perfdata text, and how many were dropped.
struct Perfdata {
  std::vector<PerfdataItem> items;
  /// Items dropped: malformed, an unknown unit, a value that is not a finite
  /// number (e.g. "U"), or beyond the cap.
  std::size_t skipped = 0;
};

/// Multiplier that turns a value in `unit` into base units, and its kind;
/// false for a unit the format does not define. Byte multiples are powers of
/// 1024, as the Monitoring Plugins compute them (check_disk, check_swap).
bool UnitScale(std::string_view unit, PerfdataKind& kind, double& scale);

/// Parses `text` (the part of a plugin's output after '|'; newlines count as
/// spaces). Keeps at most `max_items` items, in order; a label seen twice
/// keeps its first value. Never throws; pure.
Perfdata ParsePerfdata(std::string_view text, std::size_t max_items);

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_PERFDATA_H_
