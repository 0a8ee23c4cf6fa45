// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "conformance/plugin_checks.h"
#include "loader/plugin_loader.h"

namespace stackprobe::cli {

int RunPluginCheck(const PluginsOptions& options) {
  // Long enough for a probe whose default target does not answer to time
  // out by itself; a run past it fails the check.
  constexpr std::chrono::seconds kRunTimeout{10};
  loader::PluginLoader loader;
  const auto checks = conformance::CheckPluginFile(
      loader, options.check_file, options.check_config, kRunTimeout);
  int failed = 0;
  for (const auto& check : checks) {
    if (check.passed()) {
      std::cout << "PASS " << check.check << ": " << check.detail << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << check.check << ": " << check.problem << "\n";
    }
  }
  std::cout << options.check_file << ": "
            << static_cast<int>(checks.size()) - failed << " passed, " << failed
            << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace stackprobe::cli
