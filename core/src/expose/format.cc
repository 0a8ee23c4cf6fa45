// SPDX-License-Identifier: Apache-2.0
#include "expose/format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace stackprobe::expose {
namespace {

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

// One media range of an Accept header (RFC 9110 section 12.5.1).
struct MediaRange {
  std::string_view type;
  std::string_view version;  // Empty when absent.
  double q = 1.0;
};

MediaRange ParseMediaRange(std::string_view item) {
  MediaRange range;
  std::size_t semicolon = item.find(';');
  range.type = Trim(item.substr(0, semicolon));
  while (semicolon != std::string_view::npos) {
    item.remove_prefix(semicolon + 1);
    semicolon = item.find(';');
    const std::string_view param = item.substr(0, semicolon);
    const std::size_t equals = param.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = Trim(param.substr(0, equals));
    const std::string_view value = Unquote(Trim(param.substr(equals + 1)));
    if (EqualsIgnoreCase(key, "q")) {
      double q = 0;
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), q);
      // A malformed q makes the range unusable rather than preferred.
      range.q = (error == std::errc() && end == value.data() + value.size())
                    ? std::clamp(q, 0.0, 1.0)
                    : 0.0;
    } else if (EqualsIgnoreCase(key, "version")) {
      range.version = value;
    }
  }
  return range;
}

}  // namespace

Format NegotiateFormat(std::string_view accept) {
  double openmetrics_q = 0;
  double text_plain_q = -1;
  double text_any_q = -1;
  double any_q = -1;
  while (!accept.empty()) {
    const std::size_t comma = accept.find(',');
    const MediaRange range = ParseMediaRange(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view()
                                             : accept.substr(comma + 1);
    if (EqualsIgnoreCase(range.type, "application/openmetrics-text")) {
      if (range.version.empty() || range.version == "1.0.0") {
        openmetrics_q = std::max(openmetrics_q, range.q);
      }
    } else if (EqualsIgnoreCase(range.type, "text/plain")) {
      text_plain_q = std::max(text_plain_q, range.q);
    } else if (EqualsIgnoreCase(range.type, "text/*")) {
      text_any_q = std::max(text_any_q, range.q);
    } else if (range.type == "*/*") {
      any_q = std::max(any_q, range.q);
    }
  }
  // The most specific range that matches text/plain decides its q.
  double text_q = 0;
  if (text_plain_q >= 0) {
    text_q = text_plain_q;
  } else if (text_any_q >= 0) {
    text_q = text_any_q;
  } else if (any_q >= 0) {
    text_q = any_q;
  }
  return openmetrics_q > 0 && openmetrics_q >= text_q ? Format::kOpenMetrics
                                                      : Format::kText004;
}

std::string_view ContentType(Format format) {
  switch (format) {
    case Format::kText004:
      return "text/plain; version=0.0.4; charset=utf-8";
    case Format::kOpenMetrics:
      return "application/openmetrics-text; version=1.0.0; charset=utf-8";
  }
  return "text/plain; version=0.0.4; charset=utf-8";
}

}  // namespace stackprobe::expose
