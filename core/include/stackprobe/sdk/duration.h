// SPDX-License-Identifier: Apache-2.0
//
// Durations as written in stackprobe configs: the Prometheus duration syntax
// (https://prometheus.io/docs/prometheus/latest/configuration/configuration/,
// "<duration>"), plus a bare non-negative number meaning seconds, because a
// YAML loader turns `timeout: 15` into a number. Header-only so plugins can
// use it without linking anything of the core.
#ifndef STACKPROBE_SDK_DURATION_H_
#define STACKPROBE_SDK_DURATION_H_

#include <chrono>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace stackprobe::sdk {

namespace duration_detail {

struct Unit {
  std::string_view suffix;
  std::int64_t millis;
  /// Years and weeks are only used when they divide the rest exactly: "90d"
  /// reads better than "12w6d".
  bool exact_only;
};

// Largest unit first: the order both the parser enforces and the formatter
// writes.
inline constexpr Unit kUnits[] = {
    {"y", 365LL * 24 * 60 * 60 * 1000, true},
    {"w", 7LL * 24 * 60 * 60 * 1000, true},
    {"d", 24LL * 60 * 60 * 1000, false},
    {"h", 60LL * 60 * 1000, false},
    {"m", 60LL * 1000, false},
    {"s", 1000, false},
    {"ms", 1, false},
};

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "15", "1.5", "0.25": seconds, at most millisecond precision (further
// digits must be zeros, so nothing is silently rounded away).
inline std::optional<std::chrono::milliseconds> ParseBareSeconds(
    std::string_view text) {
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    if (__builtin_mul_overflow(whole, 10, &whole) ||
        __builtin_add_overflow(whole, text[i] - '0', &whole)) {
      return std::nullopt;
    }
  }
  const std::size_t whole_digits = i;
  std::int64_t fraction = 0;
  std::size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i, ++fraction_digits) {
      if (fraction_digits < 3) {
        fraction = fraction * 10 + (text[i] - '0');
      } else if (text[i] != '0') {
        return std::nullopt;
      }
    }
    if (fraction_digits == 0) return std::nullopt;
  }
  if (i != text.size() || whole_digits == 0) return std::nullopt;
  for (std::size_t d = fraction_digits; d < 3; ++d) fraction *= 10;
  std::int64_t millis = 0;
  if (__builtin_mul_overflow(whole, 1000, &millis) ||
      __builtin_add_overflow(millis, fraction, &millis)) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(millis);
}

}  // namespace duration_detail

/// Parses a duration: one or more `<integer><unit>` with units ms, s, m, h, d,
/// w (7d) and y (365d), largest unit first and each at most once ("1m30s",
/// "500ms", "2h"), or a bare non-negative number of seconds ("15", "1.5",
/// millisecond precision). Returns nullopt for anything else: empty text,
/// signs, spaces, units out of order, overflow of the millisecond count.
/// Pure function; thread-safe.
inline std::optional<std::chrono::milliseconds> ParseDuration(
    std::string_view text) {
  using duration_detail::IsDigit;
  using duration_detail::kUnits;
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789.") == std::string_view::npos) {
    return duration_detail::ParseBareSeconds(text);
  }
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // Index into kUnits: units only get smaller.
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t count = 0;
    const std::size_t start = i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (__builtin_mul_overflow(count, 10, &count) ||
          __builtin_add_overflow(count, text[i] - '0', &count)) {
        return std::nullopt;
      }
    }
    if (i == start) return std::nullopt;
    std::size_t unit_end = i;
    while (unit_end < text.size() && !IsDigit(text[unit_end])) ++unit_end;
    const std::string_view suffix = text.substr(i, unit_end - i);
    std::size_t unit = next_unit;
    while (unit < std::size(kUnits) && kUnits[unit].suffix != suffix) ++unit;
    if (unit == std::size(kUnits)) return std::nullopt;
    std::int64_t part = 0;
    if (__builtin_mul_overflow(count, kUnits[unit].millis, &part) ||
        __builtin_add_overflow(total, part, &total)) {
      return std::nullopt;
    }
    next_unit = unit + 1;
    i = unit_end;
  }
  return std::chrono::milliseconds(total);
}

/// Formats a duration in the shortest form ParseDuration reads back to the
/// same value: "1m30s", "500ms", "90d", "0s"; negative values get a leading
/// "-" (which ParseDuration refuses). Pure function; thread-safe.
inline std::string FormatDuration(std::chrono::milliseconds d) {
  std::int64_t rest = d.count();
  if (rest == 0) return "0s";
  std::string out;
  if (rest < 0) {
    out = "-";
    // The most negative value has no positive counterpart; format one
    // millisecond less, which is as close as an int64 can get.
    rest = rest == std::numeric_limits<std::int64_t>::min()
               ? std::numeric_limits<std::int64_t>::max()
               : -rest;
  }
  for (const auto& unit : duration_detail::kUnits) {
    if (unit.exact_only && rest % unit.millis != 0) continue;
    const std::int64_t count = rest / unit.millis;
    if (count == 0) continue;
    out += std::to_string(count);
    out += unit.suffix;
    rest -= count * unit.millis;
  }
  return out;
}

}  // namespace stackprobe::sdk

#endif  // STACKPROBE_SDK_DURATION_H_
