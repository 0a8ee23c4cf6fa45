// SPDX-License-Identifier: Apache-2.0
#include "options.h"

#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::rootless {

RootlessOptions ParseOptions(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  RootlessOptions options;
  options.user = config.String("user");
  options.path = config.String("path");
  options.unit_file = config.String("unit_file");
  options.subuid_file = config.String("subuid_file");
  options.subgid_file = config.String("subgid_file");
  options.passwd_file = config.String("passwd_file");
  options.proc_sys_dir = config.String("proc_sys_dir");
  options.linger_dir = config.String("linger_dir");
  options.xdg_runtime_dir = config.String("xdg_runtime_dir");
  options.min_range = static_cast<std::uint64_t>(config.Integer("min_range"));
  options.unshare_trial = config.Boolean("unshare_trial");
  options.podman_info = config.Boolean("podman_info");
  options.repair_path = config.Boolean("repair_path");
  options.setuid_dirs = config.Strings("setuid_dirs");
  options.search_dirs = config.Strings("search_dirs");
  options.libexec_dirs = config.Strings("libexec_dirs");
  options.command_timeout = config.Duration("command_timeout");
  if (options.command_timeout.count() <= 0) {
    throw config.Error("command_timeout",
                       "expected a positive duration such as \"20s\", got " +
                           std::to_string(options.command_timeout.count()) +
                           "ms");
  }
  if (!options.path.empty() && !options.unit_file.empty()) {
    throw config.Error("unit_file",
                       "expected either path or unit_file, got both");
  }
  return options;
}

}  // namespace stackprobe::rootless
