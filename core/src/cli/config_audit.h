// SPDX-License-Identifier: Apache-2.0
//
// Everything `stackprobe config check` finds wrong with a parsed config, all
// at once: each probe, sink and action is checked against its plugin (found,
// of the right kind, its config valid against the schema, created), and each
// probe a plugin config names must be configured.
#ifndef STACKPROBE_CLI_CONFIG_AUDIT_H_
#define STACKPROBE_CLI_CONFIG_AUDIT_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "loader/plugin_loader.h"

namespace stackprobe::cli {

struct ConfigAudit {
  /// Every problem in config order, one entry each, starting with the file
  /// and the path (`stackprobe.yml: probes[1].config.url: ...`); an entry
  /// may go on over indented lines (why a plugin file was refused).
  std::vector<std::string> problems;
  /// The config with every instance's config completed with its plugin's
  /// defaults (complete only when there are no problems).
  config::Config effective;
};

/// Checks every instance of `config` against the plugins of `plugin_dirs`.
ConfigAudit AuditConfig(const config::Config& config,
                        loader::PluginLoader& loader,
                        const std::vector<std::string>& plugin_dirs);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_CONFIG_AUDIT_H_
