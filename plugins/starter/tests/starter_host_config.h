// SPDX-License-Identifier: Apache-2.0
//
// The starter's config as the host passes it: a test's partial config
// validated against kStarterSchema with every default filled in.
#ifndef STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_HOST_CONFIG_H_
#define STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_HOST_CONFIG_H_

#include <string>

#include "host_config.h"
#include "schema.h"

namespace stackprobe::starter {

inline std::string StarterHostConfig(const std::string& partial_json) {
  return stackprobe::testing::HostConfig(kStarterSchema, partial_json);
}

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_HOST_CONFIG_H_
