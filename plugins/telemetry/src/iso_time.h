// SPDX-License-Identifier: Apache-2.0
//
// RFC 3339 / ISO 8601 timestamps as written by Python's
// datetime.isoformat(): "2026-01-06T16:00:01.501122+00:00".
#ifndef STACKPROBE_PLUGINS_TELEMETRY_ISO_TIME_H_
#define STACKPROBE_PLUGINS_TELEMETRY_ISO_TIME_H_

#include <optional>
#include <string_view>

namespace stackprobe::telemetry {

/// Unix seconds (with fraction) of `text`, or nullopt when it is not
/// "YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]". No offset means UTC.
/// Pure, thread-safe.
std::optional<double> ParseIsoTimestamp(std::string_view text);

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_ISO_TIME_H_
