// SPDX-License-Identifier: Apache-2.0
//
// Reads the environment a systemd unit gives its service: the Environment=
// lines of the [Service] section, as systemd.exec(5) describes them.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_UNIT_FILE_H_
#define STACKPROBE_PLUGINS_ROOTLESS_UNIT_FILE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::rootless {

/// Values for the unit specifiers this parser expands (systemd.unit(5)):
/// %h home, %u user name, %U uid, %% a percent sign.
struct UnitSpecifiers {
  std::string home;
  std::string user;
  std::string uid;
};

/// Splits the value of one Environment= line into its assignments: words
/// separated by whitespace, each optionally in double or single quotes, with
/// C-style backslash escapes (\" \\ \n \t ...). Unterminated quotes keep the
/// rest of the line. Thread-safe.
std::vector<std::string> SplitEnvironmentWords(std::string_view value);

/// Replaces %h, %u, %U and %% in `text`; other specifiers are left as they
/// are. Thread-safe.
std::string ExpandSpecifiers(std::string_view text,
                             const UnitSpecifiers& specifiers);

/// The environment a unit file sets: every Environment= assignment of the
/// [Service] section in order (later ones win; an empty Environment= clears
/// the list), with specifiers expanded. Lines may continue with a trailing
/// backslash; '#' and ';' start comments. EnvironmentFile= is not read.
/// Thread-safe.
std::map<std::string, std::string> ParseUnitEnvironment(
    std::string_view unit_text, const UnitSpecifiers& specifiers);

/// Reads the unit at `path` (at most 1 MiB) and parses it as above. Throws
/// std::runtime_error naming the path when it cannot be read.
std::map<std::string, std::string> ReadUnitEnvironment(
    const std::string& path, const UnitSpecifiers& specifiers);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_UNIT_FILE_H_
