// SPDX-License-Identifier: Apache-2.0
//
// Parsing JSON that a target sent: never recurses without bound, never
// builds a document deeper than a fixed limit, so a hostile body cannot
// exhaust the stack of the parser or of whoever walks the result.
#ifndef STACKPROBE_PLUGIN_COMMON_BOUNDED_JSON_H_
#define STACKPROBE_PLUGIN_COMMON_BOUNDED_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace stackprobe::plugin_common {

/// Deepest nesting of arrays and objects accepted from a target: a document
/// of exactly this many nested arrays or objects parses, one more does not.
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` as one JSON value. Returns nullopt and sets `error` to one
/// short line of printable ASCII when the text is not JSON ("not JSON: ...",
/// including invalid UTF-8 in strings) or nests deeper than `max_depth`
/// ("JSON nested deeper than N levels"). Never throws for any input. Pure;
/// thread-safe.
std::optional<nlohmann::json> ParseBoundedJson(std::string_view text,
                                               std::string& error,
                                               int max_depth = kMaxJsonDepth);

/// Like ParseBoundedJson, for callers that tell failures apart by exception
/// type: throws nlohmann::json::exception (parse_error, or out_of_range id
/// 406 for a number beyond double's range) as nlohmann does, and
/// std::length_error("JSON nested deeper than N levels") past `max_depth`.
/// The exception texts may quote target data: clip them before showing.
/// Thread-safe.
nlohmann::json ParseBoundedJsonOrThrow(std::string_view text,
                                       int max_depth = kMaxJsonDepth);

/// Like ParseBoundedJson, keeping the keys of every object in the order of
/// `text` (for bodies passed on as received, e.g. a service's /health).
std::optional<nlohmann::ordered_json> ParseBoundedOrderedJson(
    std::string_view text, std::string& error, int max_depth = kMaxJsonDepth);

/// Like ParseBoundedJsonOrThrow, keeping the keys of every object in the
/// order of `text`. Throws as ParseBoundedJsonOrThrow does. Thread-safe.
nlohmann::ordered_json ParseBoundedOrderedJsonOrThrow(
    std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_BOUNDED_JSON_H_
