// SPDX-License-Identifier: Apache-2.0
//
// A strict checker of the Prometheus text format 0.0.4 as stackprobe writes
// it (https://prometheus.io/docs/instrumenting/exposition_formats/): HELP and
// TYPE lines, then samples `name{label="value",...} value`. promtool per fuzz
// input would be far too slow; this checks what matters for escaping.
#ifndef STACKPROBE_FUZZ_EXPOSITION_PARSER_H_
#define STACKPROBE_FUZZ_EXPOSITION_PARSER_H_

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace stackprobe::fuzz {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
inline bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1, min = 0x80, code = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, min = 0x800, code = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, min = 0x10000, code = c & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3fu);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

inline bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':';
}
inline bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9');
}

/// Reads a metric name at `line[pos]`; empty when there is none.
inline std::string_view ReadName(std::string_view line, std::size_t& pos,
                                 bool label) {
  const std::size_t start = pos;
  if (pos >= line.size() || !IsNameStart(line[pos]) ||
      (label && line[pos] == ':')) {
    return {};
  }
  while (pos < line.size() && IsNameChar(line[pos]) &&
         !(label && line[pos] == ':')) {
    ++pos;
  }
  return line.substr(start, pos - start);
}

inline bool IsSampleValue(std::string_view text) {
  if (text == "NaN" || text == "+Inf" || text == "-Inf") return true;
  if (text.empty()) return false;
  const std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

/// Checks `text` line by line; false with `problem` set at the first fault.
inline bool CheckText004(std::string_view text, std::string& problem) {
  if (!IsValidUtf8(text)) {
    problem = "not valid UTF-8";
    return false;
  }
  if (!text.empty() && text.back() != '\n') {
    problem = "does not end in a newline";
    return false;
  }
  std::set<std::string> finished_families;
  std::set<std::string> series;
  std::string current;  // family of the latest TYPE line
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    ++line_number;
    const std::string where = "line " + std::to_string(line_number) + ": ";
    if (line.empty()) {
      problem = where + "empty line";
      return false;
    }
    if (line[0] == '#') {
      const bool help = line.rfind("# HELP ", 0) == 0;
      const bool type = line.rfind("# TYPE ", 0) == 0;
      if (!help && !type) {
        problem = where + "a comment that is neither HELP nor TYPE";
        return false;
      }
      std::size_t pos = 7;
      const std::string name(ReadName(line, pos, false));
      if (name.empty() || pos >= line.size() || line[pos] != ' ') {
        problem = where + "no metric name";
        return false;
      }
      const auto rest = line.substr(pos + 1);
      if (help) {
        for (std::size_t i = 0; i < rest.size(); ++i) {
          if (rest[i] == '\\') {
            if (i + 1 >= rest.size() ||
                (rest[i + 1] != '\\' && rest[i + 1] != 'n')) {
              problem = where + "bad escape in HELP";
              return false;
            }
            ++i;
          }
        }
      } else if (rest != "counter" && rest != "gauge" && rest != "untyped" &&
                 rest != "summary" && rest != "histogram") {
        problem = where + "unknown TYPE";
        return false;
      }
      if (name != current) {
        if (finished_families.count(name) != 0) {
          problem = where + "family " + name + " appears twice";
          return false;
        }
        if (!current.empty()) finished_families.insert(current);
        current = name;
      }
      continue;
    }
    std::size_t pos = 0;
    const std::string name(ReadName(line, pos, false));
    if (name.empty()) {
      problem = where + "no sample name";
      return false;
    }
    if (name != current) {
      problem = where + "sample " + name + " outside its family " + current;
      return false;
    }
    std::string key = name;
    if (pos < line.size() && line[pos] == '{') {
      ++pos;
      std::set<std::string> label_names;
      while (pos < line.size() && line[pos] != '}') {
        const std::string label(ReadName(line, pos, true));
        if (label.empty() || line.substr(pos, 2) != "=\"") {
          problem = where + "bad label";
          return false;
        }
        if (!label_names.insert(label).second) {
          problem = where + "label " + label + " twice";
          return false;
        }
        pos += 2;
        std::string value;
        bool closed = false;
        while (pos < line.size()) {
          const char c = line[pos++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\') {
            if (pos >= line.size() ||
                (line[pos] != '\\' && line[pos] != '"' && line[pos] != 'n')) {
              problem = where + "bad escape in a label value";
              return false;
            }
            ++pos;
          }
          value.push_back(c);
        }
        if (!closed) {
          problem = where + "unterminated label value";
          return false;
        }
        key += "|" + label + "=" + value;
        if (pos < line.size() && line[pos] == ',') ++pos;
      }
      if (pos >= line.size()) {
        problem = where + "unterminated label set";
        return false;
      }
      ++pos;  // '}'
    }
    if (pos >= line.size() || line[pos] != ' ') {
      problem = where + "no value";
      return false;
    }
    const auto rest = line.substr(pos + 1);
    const auto space = rest.find(' ');
    if (!IsSampleValue(rest.substr(0, space)) ||
        (space != std::string_view::npos &&
         !IsSampleValue(rest.substr(space + 1)))) {
      problem = where + "bad value";
      return false;
    }
    if (!series.insert(key).second) {
      problem = where + "series repeated";
      return false;
    }
  }
  return true;
}

/// Prints a finding to stderr (the fuzzer keeps the input).
inline void Report(const char* format, std::string_view text,
                   const std::string& problem) {
  std::fprintf(stderr, "%s exposition broken: %s\n%.*s\n", format,
               problem.c_str(), static_cast<int>(text.size()), text.data());
}

}  // namespace stackprobe::fuzz

#endif  // STACKPROBE_FUZZ_EXPOSITION_PARSER_H_
