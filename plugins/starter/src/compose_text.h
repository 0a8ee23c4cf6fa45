// SPDX-License-Identifier: Apache-2.0
//
// Value formats of compose files: durations, command strings, and the text
// podman-compose 1.0.3 makes of numbers and sizes.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_TEXT_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_TEXT_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stackprobe::starter {

/// A Compose duration ("1m30s", "10s", "500ms", "1.5h": numbers with the
/// units h m s ms us ns, as Go's time.ParseDuration that podman uses), or
/// nullopt. Thread-safe.
std::optional<std::chrono::milliseconds> ParseComposeDuration(
    const std::string& text);

/// Splits a command string as Python's shlex.split (POSIX mode) does, which
/// podman-compose applies to string `command` and `entrypoint` values:
/// whitespace separates words, '...' is literal, "..." honours \\ \" \$ \`,
/// a backslash outside quotes escapes the next character. Throws
/// std::invalid_argument("WHERE: ...") for an unterminated quote.
/// Thread-safe.
std::vector<std::string> ShellSplit(const std::string& text,
                                    const std::string& where);

/// A number as Python's str(float(text)) writes the usual values ("2" ->
/// "2.0", "0.5" unchanged), as podman-compose passes `cpus`. Thread-safe.
std::string PythonFloatText(const std::string& text);

/// `text` with ASCII letters lower-cased. Thread-safe.
std::string LowerAscii(std::string text);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_TEXT_H_
