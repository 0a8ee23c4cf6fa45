// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/iso_time.h"

namespace stackprobe::plugin_common {
namespace {

// Longer text cannot be a timestamp a service wrote on purpose.
constexpr std::size_t kMaxRfc3339Bytes = 64;

bool Digits(std::string_view text, std::size_t pos, std::size_t count,
            int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// published days_from_civil arithmetic).
std::int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<std::int64_t>(year - era * 400);
  const std::int64_t doy =
      (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Parses "Z", "±hh:mm" or (lenient) "±hhmm" at `pos`; advances `pos`.
bool ParseOffset(std::string_view text, IsoSyntax syntax, std::size_t& pos,
                 int& offset_seconds) {
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    return true;
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  const int sign = text[pos] == '-' ? -1 : 1;
  int hours = 0, minutes = 0;
  if (!Digits(text, pos + 1, 2, hours)) return false;
  std::size_t minutes_at = pos + 3;
  if (minutes_at < text.size() && text[minutes_at] == ':') {
    ++minutes_at;
  } else if (syntax == IsoSyntax::kRfc3339) {
    return false;
  }
  if (!Digits(text, minutes_at, 2, minutes)) return false;
  if (syntax == IsoSyntax::kRfc3339 && (hours > 23 || minutes > 59)) {
    return false;
  }
  offset_seconds = sign * (hours * 3600 + minutes * 60);
  pos = minutes_at + 2;
  return true;
}

}  // namespace

std::optional<double> ParseIsoTimestamp(std::string_view text,
                                        IsoSyntax syntax) {
  const bool strict = syntax == IsoSyntax::kRfc3339;
  if (strict && text.size() > kMaxRfc3339Bytes) return std::nullopt;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !Digits(text, 5, 2, month) || text[7] != '-' ||
      !Digits(text, 8, 2, day) ||
      (text[10] != 'T' && (strict || text[10] != ' ')) ||
      !Digits(text, 11, 2, hour) || text[13] != ':' ||
      !Digits(text, 14, 2, minute) || text[16] != ':' ||
      !Digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60 || (strict && year < 1970)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  double fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    double scale = 0.1;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_seconds = 0;
  if (pos < text.size() && !ParseOffset(text, syntax, pos, offset_seconds)) {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t seconds = DaysFromCivil(year, month, day) * 86400 +
                               hour * 3600 + minute * 60 + second -
                               offset_seconds;
  return static_cast<double>(seconds) + fraction;
}

}  // namespace stackprobe::plugin_common
