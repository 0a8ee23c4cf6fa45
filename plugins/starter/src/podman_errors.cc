// SPDX-License-Identifier: Apache-2.0
#include "podman_errors.h"

#include <sstream>

namespace stackprobe::starter {

std::string UserNamespaceFailure(const std::string& podman_stderr) {
  static constexpr const char* kMarkers[] = {
      "cannot set up namespace using",
      "command required for rootless mode with multiple IDs"};
  std::istringstream lines(podman_stderr);
  std::string line, found;
  while (std::getline(lines, line)) {
    for (const char* marker : kMarkers) {
      const auto at = line.find(marker);
      if (at == std::string::npos) continue;
      // podman logs through logrus: msg="..." with \" inside; cut at the
      // closing quote and unescape.
      std::string message;
      for (std::size_t i = at; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          message += line[++i];
        } else if (line[i] == '"' &&
                   (i + 1 == line.size() || line[i + 1] == ' ')) {
          // The end of msg="...", or of a bare "Error: ..." line.
          if (line.find("msg=\"") != std::string::npos) break;
          message += line[i];
        } else {
          message += line[i];
        }
      }
      while (!message.empty() &&
             (message.back() == '\r' || message.back() == ' ')) {
        message.pop_back();
      }
      found = message;
    }
  }
  return found;
}

}  // namespace stackprobe::starter
