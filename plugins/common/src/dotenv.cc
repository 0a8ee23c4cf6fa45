// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/dotenv.h"

#include <unistd.h>  // environ (_GNU_SOURCE, which g++ defines)

#include <cctype>
#include <stdexcept>

namespace stackprobe::plugin_common {
namespace {

bool IsVariableStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool IsVariableChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Index just past the '}' closing the `${` whose body starts at `begin`,
// skipping nested `${...}`; npos when unterminated.
std::size_t InterpolationEnd(std::string_view text, std::size_t begin) {
  int depth = 1;
  for (std::size_t i = begin; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      ++i;
    } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string InterpolateBraced(std::string_view body,
                              const VariableMap& variables,
                              const std::string& where) {
  std::size_t end = 0;
  while (end < body.size() && IsVariableChar(body[end])) ++end;
  const std::string name(body.substr(0, end));
  if (name.empty() || !IsVariableStart(name[0])) {
    throw std::invalid_argument(where +
                                ": expected a variable name after \"${\"");
  }
  const auto it = variables.find(name);
  const bool set = it != variables.end();
  const bool non_empty = set && !it->second.empty();
  if (end == body.size()) return set ? it->second : "";
  std::string_view rest = body.substr(end);
  const bool colon = rest[0] == ':';
  if (colon) rest.remove_prefix(1);
  if (rest.empty() || (rest[0] != '-' && rest[0] != '?' && rest[0] != '+')) {
    throw std::invalid_argument(where +
                                ": expected }, :-, -, :?, ?, :+ or + after "
                                "\"${" +
                                name + "\"");
  }
  const char op = rest[0];
  const std::string_view argument = rest.substr(1);
  const bool present = colon ? non_empty : set;
  switch (op) {
    case '-':
      return present ? it->second : Interpolate(argument, variables, where);
    case '+':
      return present ? Interpolate(argument, variables, where) : "";
    default:  // '?'
      if (present) return it->second;
      throw std::invalid_argument(
          where + ": required variable " + name + " is missing a value" +
          (argument.empty() ? std::string()
                            : ": " + Interpolate(argument, variables, where)));
  }
}

std::string TrimDotEnv(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string Interpolate(std::string_view text, const VariableMap& variables,
                        const std::string& where) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    const char next = text[i + 1];
    if (next == '$') {
      out += '$';
      ++i;
    } else if (next == '{') {
      const std::size_t end = InterpolationEnd(text, i + 2);
      if (end == std::string_view::npos) {
        throw std::invalid_argument(where + ": unterminated \"${\"");
      }
      out += InterpolateBraced(text.substr(i + 2, end - 1 - (i + 2)), variables,
                               where);
      i = end - 1;
    } else if (IsVariableStart(next)) {
      std::size_t end = i + 1;
      while (end < text.size() && IsVariableChar(text[end])) ++end;
      const auto it =
          variables.find(std::string(text.substr(i + 1, end - i - 1)));
      if (it != variables.end()) out += it->second;
      i = end - 1;
    } else {
      out += c;
    }
  }
  return out;
}

VariableMap ParseDotEnv(std::string_view text, const VariableMap& environment,
                        const std::string& file) {
  VariableMap out;
  std::size_t pos = 0;
  int line_number = 0;
  while (pos < text.size()) {
    ++line_number;
    const int first_line = line_number;
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string line = TrimDotEnv(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("export ")) line = TrimDotEnv(line.substr(7));
    const auto equals = line.find('=');
    const std::string where = file + ":" + std::to_string(first_line);
    if (equals == std::string::npos) {
      throw std::invalid_argument(where + ": expected KEY=VALUE");
    }
    const std::string key = TrimDotEnv(line.substr(0, equals));
    if (key.empty() || !IsVariableStart(key[0])) {
      throw std::invalid_argument(where +
                                  ": expected a variable name before '='");
    }
    std::string raw = line.substr(equals + 1);
    raw.erase(0, raw.find_first_not_of(" \t"));
    // Variables defined above win over the environment, as in python-dotenv.
    VariableMap scope = environment;
    for (const auto& [name, value] : out) scope[name] = value;
    std::string value;
    if (!raw.empty() && (raw[0] == '\'' || raw[0] == '"')) {
      const char quote = raw[0];
      std::string body = raw.substr(1);
      // A quoted value may continue on the following lines.
      auto closing = [&](const std::string& s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (quote == '"' && s[i] == '\\') {
            ++i;
          } else if (s[i] == quote) {
            return i;
          }
        }
        return std::string::npos;
      };
      std::size_t close = closing(body);
      while (close == std::string::npos && pos < text.size()) {
        ++line_number;
        eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        body += "\n" + std::string(text.substr(pos, eol - pos));
        pos = eol + 1;
        close = closing(body);
      }
      if (close == std::string::npos) {
        throw std::invalid_argument(
            where + ": unterminated quote in the value of " + key);
      }
      body.resize(close);
      if (quote == '\'') {
        value = body;
      } else {
        std::string unescaped;
        for (std::size_t i = 0; i < body.size(); ++i) {
          if (body[i] == '\\' && i + 1 < body.size()) {
            const char e = body[++i];
            switch (e) {
              case 'n':
                unescaped += '\n';
                break;
              case 't':
                unescaped += '\t';
                break;
              case 'r':
                unescaped += '\r';
                break;
              default:
                unescaped += e;
            }
          } else {
            unescaped += body[i];
          }
        }
        value = Interpolate(unescaped, scope, where);
      }
    } else {
      const auto comment = raw.find(" #");
      if (comment != std::string::npos) raw.resize(comment);
      value = Interpolate(TrimDotEnv(raw), scope, where);
    }
    out[key] = value;
  }
  return out;
}

VariableMap ProcessEnvironment() {
  VariableMap out;
  for (char** item = environ; item != nullptr && *item != nullptr; ++item) {
    const std::string entry(*item);
    const auto equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) continue;
    out.emplace(entry.substr(0, equals), entry.substr(equals + 1));
  }
  return out;
}

}  // namespace stackprobe::plugin_common
