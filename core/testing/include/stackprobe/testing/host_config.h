// SPDX-License-Identifier: Apache-2.0
//
// The config a plugin receives from the host: a test's partial config
// validated against the plugin's schema with the schema's defaults written
// in, exactly as the core does before it constructs a plugin.
#ifndef STACKPROBE_TESTING_HOST_CONFIG_H_
#define STACKPROBE_TESTING_HOST_CONFIG_H_

#include <stdexcept>
#include <string>

namespace stackprobe::testing {

/// Thrown by HostConfig when the config breaks the schema; what() is the
/// core's own message ("retries: expected an integer 0..10, got 11").
class SchemaViolation : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// `partial_json` (a JSON object; "" or "{}" for all defaults) validated
/// against `schema_json` with every default filled in, as compact JSON: the
/// text the host passes to the plugin's constructor. Throws
/// SchemaViolation when the config is invalid and std::invalid_argument
/// when either text is not JSON.
std::string HostConfig(const std::string& schema_json,
                       const std::string& partial_json = "{}");

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTING_HOST_CONFIG_H_
