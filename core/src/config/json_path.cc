// SPDX-License-Identifier: Apache-2.0
#include "config/json_path.h"

#include <string>

namespace stackprobe::config {
namespace {

using nlohmann::json;

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alpha =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

std::string QuoteString(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Writes `value` into `out` until `out` reaches `budget` characters. Depth is
// bounded so a hostile document cannot exhaust the stack here.
void AppendExcerpt(const json& value, std::size_t budget, int depth,
                   std::string& out) {
  if (out.size() >= budget) return;
  if (depth > 8) {
    out += value.is_array() ? "[...]" : "{...}";
    return;
  }
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (out.size() >= budget) return;
      if (!first) out += ',';
      first = false;
      out += QuoteString(key);
      out += ':';
      AppendExcerpt(member, budget, depth + 1, out);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& element : value) {
      if (out.size() >= budget) return;
      if (!first) out += ',';
      first = false;
      AppendExcerpt(element, budget, depth + 1, out);
    }
    out += ']';
  } else if (value.is_string()) {
    out += QuoteString(value.get_ref<const std::string&>());
  } else {
    out += value.dump();
  }
}

}  // namespace

std::string MemberPath(const std::string& path, std::string_view key) {
  if (IsIdentifier(key)) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  return path + "[" + QuoteString(std::string(key)) + "]";
}

std::string ElementPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string Excerpt(const json& value, std::size_t max_chars) {
  std::string out;
  AppendExcerpt(value, max_chars, 0, out);
  if (out.size() > max_chars) {
    out.resize(max_chars);
    // Never cut a UTF-8 sequence in half.
    while (!out.empty() &&
           (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
      out.pop_back();
    }
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
      out.pop_back();
    }
    out += "...";
  }
  return out;
}

std::string AtPath(const std::string& path, std::string_view message) {
  if (path.empty()) return std::string(message);
  std::string out = path;
  out += ": ";
  out += message;
  return out;
}

}  // namespace stackprobe::config
