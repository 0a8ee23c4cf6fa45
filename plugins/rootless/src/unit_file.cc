// SPDX-License-Identifier: Apache-2.0
#include "unit_file.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::rootless {
namespace {

using plugin_common::Trim;

constexpr std::size_t kMaxUnitBytes = 1 << 20;

char UnescapeChar(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 's':
      return ' ';
    default:
      return c;
  }
}

// Joins continuation lines (a trailing backslash) so each logical line is
// one entry, as systemd's config parser does.
std::vector<std::string> LogicalLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    const bool comment = current.empty() && !trimmed.empty() &&
                         (trimmed.front() == '#' || trimmed.front() == ';');
    if (!comment) {
      if (!trimmed.empty() && trimmed.back() == '\\') {
        current.append(line.substr(0, line.rfind('\\')));
        current.push_back(' ');
      } else {
        current.append(line);
        lines.push_back(std::move(current));
        current.clear();
      }
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

}  // namespace

std::vector<std::string> SplitEnvironmentWords(std::string_view value) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() &&
           std::isspace(static_cast<unsigned char>(value[i])))
      ++i;
    if (i >= value.size()) break;
    std::string word;
    char quote = 0;
    for (; i < value.size(); ++i) {
      const char c = value[i];
      if (quote == 0 && std::isspace(static_cast<unsigned char>(c))) break;
      if (c == '\\' && i + 1 < value.size()) {
        word.push_back(UnescapeChar(value[++i]));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else {
        word.push_back(c);
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::string ExpandSpecifiers(std::string_view text,
                             const UnitSpecifiers& specifiers) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' || i + 1 >= text.size()) {
      out.push_back(text[i]);
      continue;
    }
    switch (text[i + 1]) {
      case 'h':
        out += specifiers.home;
        break;
      case 'u':
        out += specifiers.user;
        break;
      case 'U':
        out += specifiers.uid;
        break;
      case '%':
        out.push_back('%');
        break;
      default:
        out.push_back('%');
        out.push_back(text[i + 1]);
        break;
    }
    ++i;
  }
  return out;
}

std::map<std::string, std::string> ParseUnitEnvironment(
    std::string_view unit_text, const UnitSpecifiers& specifiers) {
  std::map<std::string, std::string> environment;
  std::string section;
  for (const std::string& line : LogicalLines(unit_text)) {
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty()) continue;
    if (trimmed.front() == '[' && trimmed.back() == ']') {
      section = std::string(trimmed.substr(1, trimmed.size() - 2));
      continue;
    }
    if (section != "Service") continue;
    const std::size_t equals = trimmed.find('=');
    if (equals == std::string_view::npos) continue;
    if (Trim(trimmed.substr(0, equals)) != "Environment") continue;
    const std::string_view value = Trim(trimmed.substr(equals + 1));
    if (value.empty()) {
      environment.clear();
      continue;
    }
    for (const std::string& word : SplitEnvironmentWords(value)) {
      const std::size_t eq = word.find('=');
      if (eq == std::string::npos || eq == 0) continue;  // systemd ignores it
      environment[word.substr(0, eq)] =
          ExpandSpecifiers(word.substr(eq + 1), specifiers);
    }
  }
  return environment;
}

std::map<std::string, std::string> ReadUnitEnvironment(
    const std::string& path, const UnitSpecifiers& specifiers) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("unit_file: cannot read " + path + ": " +
                             std::strerror(errno));
  }
  std::string text(kMaxUnitBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxUnitBytes) {
    throw std::runtime_error("unit_file: " + path + " is larger than 1 MiB");
  }
  return ParseUnitEnvironment(text, specifiers);
}

}  // namespace stackprobe::rootless
