// SPDX-License-Identifier: Apache-2.0
#include "compose_text.h"

#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace stackprobe::starter {

std::optional<std::chrono::milliseconds> ParseComposeDuration(
    const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return std::chrono::milliseconds(0);
  double total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t number_begin = i;
    while (i < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[i])) != 0 ||
            text[i] == '.')) {
      ++i;
    }
    if (i == number_begin) return std::nullopt;
    double number = 0;
    try {
      number = std::stod(text.substr(number_begin, i - number_begin));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    const std::size_t unit_begin = i;
    while (i < text.size() &&
           std::isalpha(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    }
    const std::string unit = text.substr(unit_begin, i - unit_begin);
    double factor = 0;
    if (unit == "h") {
      factor = 3'600'000;
    } else if (unit == "m") {
      factor = 60'000;
    } else if (unit == "s") {
      factor = 1'000;
    } else if (unit == "ms") {
      factor = 1;
    } else if (unit == "us") {
      factor = 0.001;
    } else if (unit == "ns") {
      factor = 0.000001;
    } else {
      return std::nullopt;
    }
    total_ms += number * factor;
  }
  if (!std::isfinite(total_ms) || total_ms > 1e12) return std::nullopt;
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::ceil(total_ms)));
}

std::vector<std::string> ShellSplit(const std::string& text,
                                    const std::string& where) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const auto end = text.find('\'', i + 1);
      if (end == std::string::npos) {
        throw std::invalid_argument(where + ": no closing quotation in \"" +
                                    text + "\"");
      }
      word += text.substr(i + 1, end - i - 1);
      in_word = true;
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            std::string_view("\\\"$`\n").find(text[j + 1]) !=
                std::string_view::npos) {
          ++j;
        }
        word += text[j];
      }
      if (j >= text.size()) {
        throw std::invalid_argument(where + ": no closing quotation in \"" +
                                    text + "\"");
      }
      in_word = true;
      i = j;
    } else if (c == '\\') {
      if (i + 1 >= text.size()) {
        throw std::invalid_argument(where + ": no escaped character in \"" +
                                    text + "\"");
      }
      word += text[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// A float as Python's str(float(text)) writes the usual values ("2" ->
// "2.0"), as podman-compose passes `cpus`.
std::string PythonFloatText(const std::string& text) {
  if (text.find_first_of(".eE") != std::string::npos) return text;
  return text + ".0";
}

std::string LowerAscii(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

}  // namespace stackprobe::starter
