// SPDX-License-Identifier: Apache-2.0
//
// Config texts for the end-to-end tests, built around the test plugins.
#ifndef STACKPROBE_TESTS_INTEGRATION_TEST_CONFIG_H_
#define STACKPROBE_TESTS_INTEGRATION_TEST_CONFIG_H_

#include <cstdint>
#include <string>

namespace stackprobe::testing {

/// A config listening on 127.0.0.1:`port` that loads plugins from
/// `plugin_dir`, followed by `probes_yaml` (a `probes:` block or more).
inline std::string ConfigText(std::uint16_t port, const std::string& plugin_dir,
                              const std::string& probes_yaml) {
  return "listen: [\"127.0.0.1:" + std::to_string(port) + "\"]\n" +
         "plugin_dirs: [\"" + plugin_dir + "\"]\n" + probes_yaml;
}

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_INTEGRATION_TEST_CONFIG_H_
