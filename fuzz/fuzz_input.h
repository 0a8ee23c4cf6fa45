// SPDX-License-Identifier: Apache-2.0
//
// Splitting one fuzz input into several fields, shared by the fuzz targets.
#ifndef STACKPROBE_FUZZ_FUZZ_INPUT_H_
#define STACKPROBE_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::fuzz {

/// The input as text (any bytes).
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Splits `text` at every `separator` into exactly `count` fields (missing
/// ones are empty; the last one keeps the rest, separators included).
inline std::vector<std::string> Fields(std::string_view text, std::size_t count,
                                       char separator) {
  std::vector<std::string> fields;
  while (fields.size() + 1 < count) {
    const auto at = text.find(separator);
    if (at == std::string_view::npos) break;
    fields.emplace_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  fields.emplace_back(text);
  fields.resize(count);
  return fields;
}

}  // namespace stackprobe::fuzz

#endif  // STACKPROBE_FUZZ_FUZZ_INPUT_H_
