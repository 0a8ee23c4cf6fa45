// SPDX-License-Identifier: Apache-2.0
//
// Internal to the validator: how a schema is put into words ("an integer
// 100..599") and how JSON values are matched against type names.
#ifndef STACKPROBE_CONFIG_SCHEMA_WORDS_H_
#define STACKPROBE_CONFIG_SCHEMA_WORDS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace stackprobe::config::schema_words {

/// Words for format "duration".
inline constexpr std::string_view kDurationWords =
    "a duration such as 15s, 500ms or 1m";

/// JSON Schema type name of `value`: "integer" for numbers with an integral
/// value, else "number", "string", "boolean", "null", "object", "array".
std::string TypeName(const nlohmann::json& value);

/// True when `value` is of the JSON Schema type `type_name`. Unknown type
/// names match anything (tolerance of schema mistakes).
bool TypeMatches(std::string_view type_name, const nlohmann::json& value);

/// True when `schema` could describe `value` at the top level: its type,
/// const and enum (if any) admit it. Used to choose which failing anyOf /
/// oneOf alternative to report.
bool Admits(const nlohmann::json& schema, const nlohmann::json& value);

/// What `schema` expects, in words: "an integer 100..599", "a string of at
/// most 64 characters", `one of "GET", "POST"`. Without a type keyword the
/// type of `value` is assumed.
std::string Expectation(const nlohmann::json& schema,
                        const nlohmann::json& value);

}  // namespace stackprobe::config::schema_words

#endif  // STACKPROBE_CONFIG_SCHEMA_WORDS_H_
