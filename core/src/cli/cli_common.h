// SPDX-License-Identifier: Apache-2.0
//
// What every command shares: global options, default paths, logging.
#ifndef STACKPROBE_CLI_CLI_COMMON_H_
#define STACKPROBE_CLI_CLI_COMMON_H_

#include <string>
#include <vector>

namespace stackprobe::cli {

/// Options given before or after the command.
struct GlobalOptions {
  std::string config_path;  ///< --config; empty: the default for this user.
  std::vector<std::string> plugin_dirs;  ///< --plugin-dir, repeatable.
  std::string log_level = "info";
};

/// stackprobe's version, and the source revision it was built from.
std::string Version();
std::string Revision();

/// The config file to use: --config, else $STACKPROBE_CONFIG, else
/// /etc/stackprobe/stackprobe.yml for root and
/// $XDG_CONFIG_HOME/stackprobe/stackprobe.yml (~/.config/...) for others.
std::string ResolveConfigPath(const GlobalOptions& options);

/// Throws std::runtime_error when the config file is the default one
/// (neither --config nor $STACKPROBE_CONFIG names a file) and does not
/// exist. The message says that it is missing, how to name a config and
/// where the example config is: "cannot read" alone does not tell someone
/// new that a default was looked for.
void RequireDefaultConfigFile(const GlobalOptions& options);

/// The plugin folder of this installation (or build tree):
/// <folder of the binary>/../<libdir>/stackprobe/plugins.
std::string DefaultPluginDir();

/// Sets up logging to stderr: key=value fields, colour only on a TTY, no
/// timestamps under journald (it adds its own).
void SetUpLogging(const std::string& level);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_CLI_COMMON_H_
