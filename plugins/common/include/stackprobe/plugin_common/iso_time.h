// SPDX-License-Identifier: Apache-2.0
//
// RFC 3339 / ISO 8601 timestamps as the stack's Python services write them
// (datetime.isoformat(): "2026-01-06T16:00:01.501122+00:00").
#ifndef STACKPROBE_PLUGIN_COMMON_ISO_TIME_H_
#define STACKPROBE_PLUGIN_COMMON_ISO_TIME_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace stackprobe::plugin_common {

/// Which spellings ParseIsoTimestamp accepts.
enum class IsoSyntax : std::uint8_t {
  /// "YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]": what log files hold.
  kLenient,
  /// "YYYY-MM-DDThh:mm:ss[.frac][Z|±hh:mm]", year >= 1970, at most 64
  /// bytes: what a JSON API that follows RFC 3339 answers.
  kRfc3339,
};

/// Unix seconds (with fraction) of `text`, or nullopt when it is not a
/// timestamp in `syntax`. No offset means UTC. Pure; thread-safe.
std::optional<double> ParseIsoTimestamp(std::string_view text,
                                        IsoSyntax syntax = IsoSyntax::kLenient);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_ISO_TIME_H_
