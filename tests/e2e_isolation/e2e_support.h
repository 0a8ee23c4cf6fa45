// SPDX-License-Identifier: Apache-2.0
//
// Shared bits of the isolation and durability end-to-end tests.
#ifndef STACKPROBE_TESTS_E2E_ISOLATION_E2E_SUPPORT_H_
#define STACKPROBE_TESTS_E2E_ISOLATION_E2E_SUPPORT_H_

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "daemon_process.h"

namespace stackprobe::testing {

/// Copies built plugins into `folder` (the loader refuses group-writable
/// build folders, and each test wants its own set). `from` holds NAME.so.
inline void CopyPlugins(const std::string& from, const std::string& folder,
                        const std::vector<std::string>& names) {
  std::filesystem::create_directories(folder);
  for (const auto& name : names) {
    std::filesystem::copy_file(
        from + "/" + name + ".so", folder + "/" + name + ".so",
        std::filesystem::copy_options::overwrite_existing);
  }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes.
inline bool PollUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

/// The whole content of a file ("" when it cannot be read).
inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The probe named `name` in the daemon's /api/v1/status, or null.
inline nlohmann::json ProbeStatus(const DaemonProcess& daemon,
                                  const std::string& name) {
  const auto response = daemon.Request("GET", "/api/v1/status");
  if (response.status != 200) return nullptr;
  const auto document = nlohmann::json::parse(response.body, nullptr, false);
  if (document.is_discarded()) return nullptr;
  for (const auto& probe : document.value("probes", nlohmann::json::array())) {
    if (probe.value("name", "") == name) return probe;
  }
  return nullptr;
}

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_ISOLATION_E2E_SUPPORT_H_
