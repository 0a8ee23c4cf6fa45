// SPDX-License-Identifier: Apache-2.0
#include "cli/cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace stackprobe::cli {

std::string Version() { return STACKPROBE_VERSION; }
std::string Revision() { return STACKPROBE_REVISION; }

namespace {

// $STACKPROBE_CONFIG, or nullptr when unset or empty.
const char* ConfigFromEnvironment() {
  const char* from_env = std::getenv("STACKPROBE_CONFIG");
  return from_env != nullptr && *from_env != '\0' ? from_env : nullptr;
}

}  // namespace

std::string ResolveConfigPath(const GlobalOptions& options) {
  if (!options.config_path.empty()) {
    return options.config_path;
  }
  if (const char* from_env = ConfigFromEnvironment()) {
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

void RequireDefaultConfigFile(const GlobalOptions& options) {
  if (!options.config_path.empty() || ConfigFromEnvironment() != nullptr) {
    return;
  }
  const std::string path = ResolveConfigPath(options);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return;
  throw std::runtime_error(
      path + ": no config file there (the default" +
      (geteuid() == 0 ? " for root" : " for this user") +
      "); name one with --config FILE (or $STACKPROBE_CONFIG), or start from "
      "the example config that describes the whole stack, examples/"
      "stackprobe.yml in the source tree: stackprobe check --config "
      "examples/stackprobe.yml");
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
