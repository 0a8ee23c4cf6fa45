// SPDX-License-Identifier: Apache-2.0
//
// Spelling of locations inside a JSON document (`probes[2].config.url`) and of
// values in error messages.
#ifndef STACKPROBE_CONFIG_JSON_PATH_H_
#define STACKPROBE_CONFIG_JSON_PATH_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace stackprobe::config {

/// Path of member `key` of the object at `path`: `path.key`, or
/// `path["key with spaces"]` when the key is not an identifier
/// ([A-Za-z_][A-Za-z0-9_]*). An empty `path` is the document itself. Pure.
std::string MemberPath(const std::string& path, std::string_view key);

/// Path of element `index` of the array at `path`: `path[index]`. Pure.
std::string ElementPath(const std::string& path, std::size_t index);

/// Compact JSON text of `value` for an error message: at most about
/// `max_chars` characters (longer text ends in "..."), bounded nesting, and
/// invalid UTF-8 replaced, so any value can be shown safely. Pure.
std::string Excerpt(const nlohmann::json& value, std::size_t max_chars = 80);

/// `path: message`, or just `message` when `path` is empty (the document
/// itself). Pure.
std::string AtPath(const std::string& path, std::string_view message);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_JSON_PATH_H_
