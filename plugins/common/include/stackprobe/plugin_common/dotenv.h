// SPDX-License-Identifier: Apache-2.0
//
// Variables of a compose file: the `.env` file beside it and `${VAR}`
// interpolation, as the Compose specification defines them
// (https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md,
// https://docs.docker.com/compose/environment-variables/env-file/).
#ifndef STACKPROBE_PLUGIN_COMMON_DOTENV_H_
#define STACKPROBE_PLUGIN_COMMON_DOTENV_H_

#include <map>
#include <string>
#include <string_view>

namespace stackprobe::plugin_common {

/// Variable name -> value. A variable set to "" is present with "".
using VariableMap = std::map<std::string, std::string>;

/// Replaces `$$` with `$`, and `$NAME`, `${NAME}`, `${NAME:-default}`
/// (default when unset or empty), `${NAME-default}` (when unset),
/// `${NAME:?message}` / `${NAME?message}` (an error when unset or empty /
/// unset), `${NAME:+other}` / `${NAME+other}` (other when set and non-empty /
/// set) with `variables`; defaults nest (`${A:-${B}}`). An unset variable
/// without a default becomes "" (as in the spec). A `$` not followed by a
/// name or `{` stays. Throws std::invalid_argument("WHERE: ...") for a
/// malformed `${...}` or a required variable without a value; the message
/// names variables but never quotes `text` (it may be a secret), only the
/// message of a `${NAME:?message}`. Thread-safe.
std::string Interpolate(std::string_view text, const VariableMap& variables,
                        const std::string& where);

/// Parses a `.env` file's text: `KEY=VALUE` lines, `#` comments, blank
/// lines, an optional `export ` prefix; VALUE unquoted (trimmed, ` #...`
/// dropped), 'single-quoted' (literal) or "double-quoted" (\n \t \r \\ \"
/// escapes; may span lines). Unquoted and double-quoted values are
/// interpolated with the keys defined above them, then `environment` (as
/// python-dotenv, which podman-compose uses, does). Throws
/// std::invalid_argument("FILE:LINE: ...") for a line without '=', a
/// missing name, an unterminated quote or a failed interpolation; like
/// Interpolate's, the message never quotes the file's text, since a `.env`
/// holds passwords. Thread-safe.
VariableMap ParseDotEnv(std::string_view text, const VariableMap& environment,
                        const std::string& file);

/// This process's environment as a map. Reads `environ`; not thread-safe
/// against concurrent setenv (nothing in stackprobe calls it).
VariableMap ProcessEnvironment();

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_DOTENV_H_
