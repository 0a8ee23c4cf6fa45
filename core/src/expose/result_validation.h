// SPDX-License-Identifier: Apache-2.0
//
// The boundary check between plugin code and everything downstream. A plugin
// result is plain data a plugin author wrote; before the host stores it, it
// is brought into the shape the exposition, the legacy writer and the status
// API rely on, so a plugin bug can never break a scrape or grow the number of
// series without bound.
#ifndef STACKPROBE_EXPOSE_RESULT_VALIDATION_H_
#define STACKPROBE_EXPOSE_RESULT_VALIDATION_H_

#include <cstddef>
#include <set>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// Samples kept per result; the rest are dropped.
inline constexpr std::size_t kMaxSamplesPerResult = 2000;
/// Longest label value in bytes; longer ones are cut at a UTF-8 boundary.
inline constexpr std::size_t kMaxLabelValueBytes = 256;
/// Longest HELP text in bytes.
inline constexpr std::size_t kMaxHelpBytes = 512;
/// Longest result message in bytes.
inline constexpr std::size_t kMaxMessageBytes = 512;

/// What SanitizeResult changed.
struct ValidationOutcome {
  /// Samples removed from the result.
  std::size_t dropped_samples = 0;
  /// Fields rewritten in place (reason, state, label values, HELP, message,
  /// details_json); dropped samples are not counted here.
  std::size_t repaired_fields = 0;
  /// The first thing found wrong, one line for the log; empty when the
  /// result was clean.
  std::string first_problem;
};

/// Brings `result` (from the plugin named `plugin_name`) into shape, in
/// place. Called once per run by the scheduler before the result is stored.
/// `allowed_reasons` are the core reasons plus the plugin's own.
///
/// Rules:
///  - A reason not in `allowed_reasons`: an up or degraded result keeps its
///    state and gets reason "none" (the measurement stands); any other
///    result becomes state error, reason "plugin_error". A state outside the
///    enum becomes error/plugin_error too.
///  - Sample names match [a-z_][a-z0-9_]* and `plugin_name` must too, so that
///    `stackprobe_<plugin>_<name>` is valid; otherwise the sample is dropped.
///  - Counters end in `_total`, infos in `_info`, and no other type does; no
///    sample ends in `_count`, `_sum` or `_bucket` (reserved for summaries
///    and histograms). Info values are 1, StateSet values 0 or 1. Samples
///    breaking these rules are dropped: `promtool check metrics` would flag
///    them and OpenMetrics could not express them.
///  - Label names match [a-z_][a-z0-9_]*, are not "probe", "le", "quantile"
///    nor start with "__"; a sample with such a label is dropped. Label
///    values are repaired to valid UTF-8 (U+FFFD) and cut to
///    kMaxLabelValueBytes.
///  - HELP is repaired to valid UTF-8, made one line, cut to kMaxHelpBytes;
///    an empty HELP gets a text naming the plugin.
///  - One name keeps one type and one HELP within a result: the first sample
///    wins, later samples of another type are dropped, other HELP replaced.
///  - A series (name and labels) repeated after the above is dropped.
///  - At most kMaxSamplesPerResult samples are kept.
///  - The message is repaired to valid UTF-8, made one line, cut to
///    kMaxMessageBytes.
///  - details_json that is not a JSON object becomes "{}".
/// Thread-safe for distinct results.
ValidationOutcome SanitizeResult(ProbeResult& result,
                                 const std::string& plugin_name,
                                 const std::set<std::string>& allowed_reasons);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_RESULT_VALIDATION_H_
