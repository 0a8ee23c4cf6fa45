// SPDX-License-Identifier: Apache-2.0
//
// The one exception type of the config module.
#ifndef STACKPROBE_CONFIG_CONFIG_ERROR_H_
#define STACKPROBE_CONFIG_CONFIG_ERROR_H_

#include <stdexcept>
#include <string>

namespace stackprobe::config {

/// A configuration that cannot be used. what() is the whole message for
/// people, one line per problem (several only for the probes' depends_on),
/// each prefixed with where the problem is: either `file:LINE:COL: what`
/// (YAML syntax) or `file: json.path: expected ..., got ...` (content).
class ConfigError : public std::runtime_error {
 public:
  /// Takes the complete message.
  explicit ConfigError(const std::string& message)
      : std::runtime_error(message) {}
};

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_CONFIG_ERROR_H_
