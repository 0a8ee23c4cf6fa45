// SPDX-License-Identifier: Apache-2.0
#include "daemon/human_time.h"

#include <cmath>
#include <cstdio>

namespace stackprobe::daemon {

std::string HumanDuration(double seconds) {
  const long long whole = std::isfinite(seconds) && seconds > 0
                              ? static_cast<long long>(seconds)
                              : 0;
  if (whole < 60) return std::to_string(whole) + " s";
  if (whole < 3600) return std::to_string(whole / 60) + " min";
  if (whole < 48 * 3600) return std::to_string(whole / 3600) + " h";
  return std::to_string(whole / 86400) + " d";
}

std::string HumanLatency(double seconds) {
  char text[32];
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  if (seconds < 0.001) {
    std::snprintf(text, sizeof text, "%.0f µs", seconds * 1e6);
  } else if (seconds < 1) {
    std::snprintf(text, sizeof text, "%.1f ms", seconds * 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  }
  return text;
}

}  // namespace stackprobe::daemon
