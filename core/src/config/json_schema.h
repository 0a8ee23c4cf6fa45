// SPDX-License-Identifier: Apache-2.0
//
// A JSON Schema subset (the keywords plugin and config schemas use) that
// validates and writes defaults in, so that what follows sees every setting.
#ifndef STACKPROBE_CONFIG_JSON_SCHEMA_H_
#define STACKPROBE_CONFIG_JSON_SCHEMA_H_

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace stackprobe::config {

/// Most levels of nesting an instance may have.
inline constexpr int kMaxInstanceDepth = 64;

/// Validates `instance` against `schema` and fills in defaults, in place.
///
/// Keywords: type (one name or a list), const, enum, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum, minLength, maxLength (in code
/// points), pattern (ECMAScript std::regex, searched, not anchored),
/// format "duration" (see DurationFromJson) and "regex" (must compile),
/// minItems, maxItems, uniqueItems, items (a schema, or a list for tuples),
/// properties, required, additionalProperties (false, or a schema for maps),
/// propertyNames, allOf, anyOf, oneOf, and default: a missing property whose
/// schema has a default gets a copy of it, which is then validated in turn,
/// so nested defaults are written out too. Other keywords ($schema, title,
/// description, examples, ...) are ignored; a malformed keyword is ignored
/// rather than reported. A number with an integral value is accepted as an
/// "integer" and rewritten as one.
///
/// Returns nullopt when valid (instance then holds every default), else the
/// first error, `<path>: expected <expectation>, got <value as JSON>`, for
/// example `probes[2].config.valid_status_codes[1]: expected an integer
/// 100..599, got "2xx"`, or `<path>: missing required key "url"`, or
/// `<path>: unknown key "foo" (expected one of: a, b, c)`. `path` is where
/// `instance` sits in its document ("" for the document itself, and then the
/// message has no path prefix). On failure `instance` may hold some defaults.
/// Instances nested deeper than kMaxInstanceDepth are an error. Thread-safe
/// for distinct instances.
std::optional<std::string> ValidateAndFillDefaults(const nlohmann::json& schema,
                                                   nlohmann::json& instance,
                                                   const std::string& path);

/// The duration a JSON value stands for under format "duration": a string
/// stackprobe::sdk::ParseDuration accepts, or a non-negative number of
/// seconds. nullopt for anything else. Pure.
std::optional<std::chrono::milliseconds> DurationFromJson(
    const nlohmann::json& value);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_JSON_SCHEMA_H_
