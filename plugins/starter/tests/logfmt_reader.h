// SPDX-License-Identifier: Apache-2.0
//
// A strict logfmt reader for the tests (the rules of go-logfmt, which log
// shippers use): key[=value] pairs separated by spaces; a key is any run of
// bytes above ' ' without '=' or '"'; a value is bare (no space, '=', '"')
// or double-quoted with \" \\ \n \r \t \uXXXX escapes.
#ifndef STACKPROBE_PLUGINS_STARTER_TESTS_LOGFMT_READER_H_
#define STACKPROBE_PLUGINS_STARTER_TESTS_LOGFMT_READER_H_

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace stackprobe::starter::testing {

/// The pairs of `line` (a key without value maps to ""), or nullopt when
/// the line is not valid logfmt.
inline std::optional<std::map<std::string, std::string>> ParseLogfmt(
    const std::string& line) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  auto is_key_char = [](char c) {
    return static_cast<unsigned char>(c) > ' ' && c != '=' && c != '"';
  };
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t key_begin = i;
    while (i < line.size() && is_key_char(line[i])) ++i;
    if (i == key_begin) return std::nullopt;
    const std::string key = line.substr(key_begin, i - key_begin);
    std::string value;
    if (i < line.size() && line[i] == '=') {
      ++i;
      if (i < line.size() && line[i] == '"') {
        ++i;
        bool closed = false;
        while (i < line.size()) {
          const char c = line[i++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c != '\\') {
            if (static_cast<unsigned char>(c) < ' ') return std::nullopt;
            value += c;
            continue;
          }
          if (i >= line.size()) return std::nullopt;
          const char e = line[i++];
          if (e == 'n') {
            value += '\n';
          } else if (e == 'r') {
            value += '\r';
          } else if (e == 't') {
            value += '\t';
          } else if (e == '"' || e == '\\') {
            value += e;
          } else if (e == 'u' && i + 4 <= line.size()) {
            value += static_cast<char>(
                std::strtol(line.substr(i, 4).c_str(), nullptr, 16));
            i += 4;
          } else {
            return std::nullopt;
          }
        }
        if (!closed) return std::nullopt;
        if (i < line.size() && line[i] != ' ') return std::nullopt;
      } else {
        while (i < line.size() && line[i] != ' ') {
          if (line[i] == '=' || line[i] == '"') return std::nullopt;
          value += line[i++];
        }
      }
    } else if (i < line.size() && line[i] != ' ') {
      return std::nullopt;
    }
    out[key] = value;
  }
  return out;
}

}  // namespace stackprobe::starter::testing

#endif  // STACKPROBE_PLUGINS_STARTER_TESTS_LOGFMT_READER_H_
