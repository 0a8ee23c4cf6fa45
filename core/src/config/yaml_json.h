// SPDX-License-Identifier: Apache-2.0
//
// YAML text to JSON, strictly: the config is YAML, everything after it works
// on JSON (the plugins' schemas are JSON Schema).
#ifndef STACKPROBE_CONFIG_YAML_JSON_H_
#define STACKPROBE_CONFIG_YAML_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace stackprobe::config {

/// Most levels of nesting YamlToJson accepts.
inline constexpr int kMaxYamlDepth = 64;

/// Most values (scalars, sequences, mappings, counting alias expansions) one
/// document may produce, so aliases cannot blow a small file up.
inline constexpr std::size_t kMaxYamlNodes = 100'000;

/// Converts one YAML document whose top level is a mapping into a JSON
/// object. JSON is valid YAML, so JSON text works too. Plain scalars get a
/// type from their text, as in the YAML 1.2 core schema: integers (decimal,
/// 0x hex, 0o octal, with sign), floats, true/false, null/~/empty; yes, no,
/// on and off stay strings. Quoted and block scalars, and `!!str`, stay
/// strings. Aliases are expanded (merge keys `<<` are not special). A text
/// with no document, or an empty one, gives an empty object.
/// Throws ConfigError `file_label:LINE:COL: what` (1-based) on YAML syntax
/// errors, duplicate keys, non-scalar keys, several documents, a top level
/// that is not a mapping, nesting deeper than kMaxYamlDepth or more than
/// kMaxYamlNodes values. Pure function; thread-safe.
nlohmann::json YamlToJson(std::string_view yaml_text,
                          const std::string& file_label);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_YAML_JSON_H_
