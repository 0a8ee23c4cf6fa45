// SPDX-License-Identifier: Apache-2.0
//
// Utilities shared by the embeddings probe's files: mapping transport
// failures to reasons and parsing untrusted JSON with a depth bound.
#ifndef STACKPROBE_PLUGINS_EMBEDDINGS_HTTP_UTIL_H_
#define STACKPROBE_PLUGINS_EMBEDDINGS_HTTP_UTIL_H_

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::embeddings {

/// Deepest JSON nesting accepted from a target.
inline constexpr int kMaxJsonDepth = 64;

/// The reason constant for a transport failure (kNone maps to "none").
inline const char* ReasonOf(HttpError error) {
  switch (error) {
    case HttpError::kNone:
      return reason::kNone;
    case HttpError::kRefused:
      return reason::kRefused;
    case HttpError::kTimeout:
      return reason::kTimeout;
    case HttpError::kDns:
      return reason::kDns;
    case HttpError::kTls:
      return reason::kTls;
    case HttpError::kBodyTooLarge:
      return reason::kBodyTooLarge;
    case HttpError::kBadRequest:
    case HttpError::kOther:
      return reason::kConnection;
  }
  return reason::kConnection;
}

/// Parses `text` as JSON. Throws std::exception on invalid JSON (including
/// invalid UTF-8) and on nesting deeper than kMaxJsonDepth, so a hostile
/// body cannot exhaust the stack of whoever walks the result.
inline nlohmann::json ParseBoundedJson(std::string_view text) {
  return nlohmann::json::parse(
      text.begin(), text.end(),
      [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kMaxJsonDepth) {
          throw std::length_error("JSON nested deeper than 64 levels");
        }
        return true;
      });
}

/// `text` cut to at most `max_bytes` bytes, with every byte outside
/// printable ASCII replaced by '?', for one-line messages built from what a
/// target sent (which may be anything).
inline std::string Clip(std::string_view text, std::size_t max_bytes = 160) {
  std::string out(text.substr(0, max_bytes));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace stackprobe::embeddings

#endif  // STACKPROBE_PLUGINS_EMBEDDINGS_HTTP_UTIL_H_
