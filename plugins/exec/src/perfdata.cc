// SPDX-License-Identifier: Apache-2.0
#include "perfdata.h"

#include <charconv>
#include <cmath>
#include <set>
#include <system_error>

namespace stackprobe::exec {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct UnitEntry {
  std::string_view unit;
  PerfdataKind kind;
  double scale;
};

constexpr double kKibi = 1024.0;

constexpr UnitEntry kUnits[] = {
    {"", PerfdataKind::kNumber, 1},
    {"s", PerfdataKind::kSeconds, 1},
    {"ms", PerfdataKind::kSeconds, 1e-3},
    {"us", PerfdataKind::kSeconds, 1e-6},
    {"%", PerfdataKind::kRatio, 0.01},
    {"c", PerfdataKind::kCounter, 1},
    {"B", PerfdataKind::kBytes, 1},
    {"KB", PerfdataKind::kBytes, kKibi},
    {"kB", PerfdataKind::kBytes, kKibi},
    {"KiB", PerfdataKind::kBytes, kKibi},
    {"MB", PerfdataKind::kBytes, kKibi* kKibi},
    {"MiB", PerfdataKind::kBytes, kKibi* kKibi},
    {"GB", PerfdataKind::kBytes, kKibi* kKibi* kKibi},
    {"GiB", PerfdataKind::kBytes, kKibi* kKibi* kKibi},
    {"TB", PerfdataKind::kBytes, kKibi* kKibi* kKibi* kKibi},
    {"TiB", PerfdataKind::kBytes, kKibi* kKibi* kKibi* kKibi},
};

// Reads a label at `pos`: 'quoted, with '' for a quote' or bare up to '='.
// Leaves `pos` on the '=' and returns true; false for a malformed label.
bool ReadLabel(std::string_view text, std::size_t& pos, std::string& label) {
  label.clear();
  if (text[pos] == '\'') {
    ++pos;
    for (;;) {
      if (pos >= text.size()) return false;
      if (text[pos] == '\'') {
        if (pos + 1 < text.size() && text[pos + 1] == '\'') {
          label.push_back('\'');
          pos += 2;
          continue;
        }
        ++pos;
        break;
      }
      label.push_back(text[pos++]);
    }
  } else {
    while (pos < text.size() && text[pos] != '=' && !IsSpace(text[pos])) {
      label.push_back(text[pos++]);
    }
  }
  return !label.empty() && pos < text.size() && text[pos] == '=';
}

// Parses "value[UOM]" (the part before the first ';').
bool ReadValue(std::string_view field, PerfdataItem& item) {
  double number = 0;
  const char* end = field.data() + field.size();
  const auto [rest, error] = std::from_chars(field.data(), end, number);
  if (error != std::errc() || !std::isfinite(number)) return false;
  double scale = 1;
  if (!UnitScale(std::string_view(rest, static_cast<std::size_t>(end - rest)),
                 item.kind, scale)) {
    return false;
  }
  item.value = number * scale;
  return std::isfinite(item.value);
}

}  // namespace

bool UnitScale(std::string_view unit, PerfdataKind& kind, double& scale) {
  for (const auto& entry : kUnits) {
    if (entry.unit == unit) {
      kind = entry.kind;
      scale = entry.scale;
      return true;
    }
  }
  return false;
}

Perfdata ParsePerfdata(std::string_view text, std::size_t max_items) {
  Perfdata out;
  std::set<std::string> seen;
  std::size_t pos = 0;
  std::string label;
  for (;;) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const bool label_ok = ReadLabel(text, pos, label);
    // The item runs to the next space after the label (or after the point
    // where the label went wrong).
    const std::size_t start = label_ok ? pos + 1 : pos;
    std::size_t stop = start;
    while (stop < text.size() && !IsSpace(text[stop])) ++stop;
    pos = stop;
    PerfdataItem item;
    if (!label_ok) {
      ++out.skipped;
      continue;
    }
    std::string_view data = text.substr(start, stop - start);
    if (!ReadValue(data.substr(0, data.find(';')), item) ||
        out.items.size() >= max_items || !seen.insert(label).second) {
      ++out.skipped;
      continue;
    }
    item.label = label;
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace stackprobe::exec
