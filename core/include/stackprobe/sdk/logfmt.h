// SPDX-License-Identifier: Apache-2.0
//
// Values of structured log lines in logfmt (key=value pairs), written so
// that a value always stays one field on one line: the core's log fields,
// and the progress lines actions forward to systemd as STATUS=. The escapes
// are those go-logfmt reads back. Header-only, for the core and plugins.
#ifndef STACKPROBE_SDK_LOGFMT_H_
#define STACKPROBE_SDK_LOGFMT_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace stackprobe::sdk {

/// `text` in double quotes with '\\' and '"' escaped and control characters
/// written as \n, \r, \t or \u00XX. Thread-safe.
inline std::string LogfmtQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char c : text) {
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

/// `value` as a logfmt value: unchanged when it is non-empty and holds no
/// space, '=', '"', '\\' or control character; else LogfmtQuote(value).
inline std::string LogfmtValue(std::string_view value) {
  bool needs_quotes = value.empty();
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || c == '=' || c == '"' || c == '\\' || byte == 0x7f) {
      needs_quotes = true;
      break;
    }
  }
  return needs_quotes ? LogfmtQuote(value) : std::string(value);
}

/// " key=value" with the value passed through LogfmtValue, ready to append
/// to a line.
inline std::string LogfmtField(std::string_view key, std::string_view value) {
  return " " + std::string(key) + "=" + LogfmtValue(value);
}

}  // namespace stackprobe::sdk

#endif  // STACKPROBE_SDK_LOGFMT_H_
