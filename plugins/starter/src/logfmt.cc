// SPDX-License-Identifier: Apache-2.0
#include "logfmt.h"

#include <cstdio>

namespace stackprobe::starter {

std::string LogfmtValue(std::string_view value) {
  bool needs_quotes = value.empty();
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || c == '=' || c == '"' || c == '\\' || byte == 0x7f) {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", byte);
          out += escape;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string LogfmtField(std::string_view key, std::string_view value) {
  return " " + std::string(key) + "=" + LogfmtValue(value);
}

}  // namespace stackprobe::starter
