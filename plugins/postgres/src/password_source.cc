// SPDX-License-Identifier: Apache-2.0
#include "password_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stackprobe::postgres {
namespace {

// The error names the key the file was opened for, so that a user who set
// password_key sees which setting to fix.
std::ifstream OpenPasswordFile(const std::string& path,
                               const std::string& password_key) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int open_errno = errno;
    throw std::invalid_argument(
        "password_file: cannot read " + path +
        (password_key.empty() ? ""
                              : " to look up password_key " + password_key) +
        (open_errno == 0 ? "" : std::string(": ") + std::strerror(open_errno)));
  }
  return in;
}

std::string FirstLineOf(std::ifstream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

std::string DotEnvValue(std::ifstream& in, const std::string& path,
                        const std::string& password_key,
                        const plugin_common::VariableMap& environment) {
  std::ostringstream text;
  text << in.rdbuf();
  plugin_common::VariableMap variables;
  try {
    variables = plugin_common::ParseDotEnv(text.str(), environment, path);
  } catch (const std::invalid_argument& e) {
    // ParseDotEnv's messages name the file and line, never a value.
    throw std::invalid_argument("password_file: " + std::string(e.what()) +
                                " (reading password_key " + password_key + ")");
  }
  const auto found = variables.find(password_key);
  if (found == variables.end()) {
    throw std::invalid_argument("password_key: " + password_key +
                                " is not set in " + path);
  }
  return found->second;
}

}  // namespace

std::string ReadPassword(const std::string& password_file,
                         const std::string& password_key,
                         const plugin_common::VariableMap& environment) {
  if (password_file.empty()) {
    if (password_key.empty()) return "";
    throw std::invalid_argument(
        "password_key: expected together with password_file (the .env file "
        "that sets " +
        password_key + "), got no password_file");
  }
  std::ifstream in = OpenPasswordFile(password_file, password_key);
  if (password_key.empty()) return FirstLineOf(in);
  return DotEnvValue(in, password_file, password_key, environment);
}

}  // namespace stackprobe::postgres
