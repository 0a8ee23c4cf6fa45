// SPDX-License-Identifier: Apache-2.0
//
// Reading a config file into a Config, failing fast with the file, the JSON
// path and what was expected.
#ifndef STACKPROBE_CONFIG_CONFIG_LOADER_H_
#define STACKPROBE_CONFIG_CONFIG_LOADER_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.h"

namespace stackprobe::config {

/// Largest config file LoadConfigFile reads, in bytes.
inline constexpr std::size_t kMaxConfigFileBytes = 16 * 1024 * 1024;

/// Shortest probe interval (defaults.interval included): a shorter one makes
/// a probe a load generator against its target.
inline constexpr std::chrono::milliseconds kMinInterval{100};

/// Shortest probe timeout (defaults.timeout included): below it no real
/// check can finish and every run is a false `timeout`.
inline constexpr std::chrono::milliseconds kMinTimeout{10};

/// Reads and parses the config file at `path` (YAML or JSON). Relative
/// plugin_dirs are taken from the file's folder; Config::file is `path` as
/// given. Throws ConfigError: `path: expected a regular file, got a FIFO`
/// (see ReadRegularFile) or `path: cannot read: <reason>` when the file
/// cannot be read, else as ParseConfigText. Thread-safe.
Config LoadConfigFile(const std::string& path);

/// Parses config text (YAML or JSON). `file_label` prefixes every error
/// message and becomes Config::file; relative plugin_dirs are taken from
/// `base_dir` (itself made absolute against the working directory). The
/// plugins' own config objects are not validated here (that needs the
/// plugins' schemas). Throws ConfigError with one line:
/// `<file_label>:LINE:COL: <what>` for YAML syntax, or
/// `<file_label>: <json path>: expected <what>, got <value>` for content, e.g.
/// `stackprobe.yml: probes[1].timeout: expected at most the interval (15s),
/// got "20s"`; the problems of the probes' depends_on come all at once, one
/// such line each. Thread-safe.
Config ParseConfigText(std::string_view text, const std::string& file_label,
                       const std::string& base_dir);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_CONFIG_LOADER_H_
