// SPDX-License-Identifier: Apache-2.0
#include "cli/cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace stackprobe::cli {

std::string Version() { return STACKPROBE_VERSION; }
std::string Revision() { return STACKPROBE_REVISION; }

std::string ResolveConfigPath(const GlobalOptions& options) {
  if (!options.config_path.empty()) {
    return options.config_path;
  }
  if (const char* from_env = std::getenv("STACKPROBE_CONFIG");
      from_env != nullptr && *from_env != '\0') {
    return from_env;
  }
  if (geteuid() == 0) {
    return "/etc/stackprobe/stackprobe.yml";
  }
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME");
      xdg != nullptr && *xdg == '/') {
    return std::string(xdg) + "/stackprobe/stackprobe.yml";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "") +
         "/.config/stackprobe/stackprobe.yml";
}

std::string DefaultPluginDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return std::string(STACKPROBE_INSTALL_PREFIX) + "/" +
           STACKPROBE_PLUGIN_RELATIVE_DIR;
  }
  return (exe.parent_path().parent_path() / STACKPROBE_PLUGIN_RELATIVE_DIR)
      .lexically_normal()
      .string();
}

void SetUpLogging(const std::string& level) {
  std::shared_ptr<spdlog::logger> logger;
  if (isatty(STDERR_FILENO) != 0) {
    logger = spdlog::stderr_color_mt("stackprobe");
  } else {
    logger = spdlog::stderr_logger_mt("stackprobe");
  }
  const bool under_journald = std::getenv("JOURNAL_STREAM") != nullptr;
  logger->set_pattern(under_journald ? "level=%l %v"
                                     : "%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
  logger->set_level(
      spdlog::level::from_str(level == "warning" ? "warn" : level));
  spdlog::set_default_logger(logger);
}

}  // namespace stackprobe::cli
