// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/text.h"

namespace stackprobe::plugin_common {

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string Printable(std::string_view text, std::size_t max_bytes) {
  std::string out(text.substr(0, max_bytes));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}

std::string Clip(std::string_view text, std::size_t max_bytes) {
  std::string out = Printable(text, max_bytes);
  if (text.size() > max_bytes) out += "...";
  return out;
}

std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view kEllipsis = "...";
  if (max_bytes < kEllipsis.size()) return std::string(kEllipsis, 0, max_bytes);
  std::size_t cut = max_bytes - kEllipsis.size();
  // Step back over continuation bytes (10xxxxxx) so no sequence is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
    --cut;
  }
  std::string out(text.substr(0, cut));
  out += kEllipsis;
  return out;
}

}  // namespace stackprobe::plugin_common
