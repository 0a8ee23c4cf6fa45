// SPDX-License-Identifier: Apache-2.0
//
// Parsing JSON that a target sent: never throws, never recurses without
// bound, never builds a document deeper than a fixed limit.
#ifndef STACKPROBE_PLUGINS_HTTP_BOUNDED_JSON_H_
#define STACKPROBE_PLUGINS_HTTP_BOUNDED_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace stackprobe::plugins::http {

/// Deepest nesting of arrays and objects accepted in a target's body.
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` as one JSON value. Returns nullopt and sets `error` (one
/// short line) when the text is not JSON (including invalid UTF-8 in strings)
/// or nests deeper than `max_depth`. Pure function; thread-safe.
std::optional<nlohmann::json> ParseBoundedJson(std::string_view text,
                                               std::string& error,
                                               int max_depth = kMaxJsonDepth);

}  // namespace stackprobe::plugins::http

#endif  // STACKPROBE_PLUGINS_HTTP_BOUNDED_JSON_H_
