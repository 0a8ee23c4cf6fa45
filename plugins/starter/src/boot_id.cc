// SPDX-License-Identifier: Apache-2.0
#include "boot_id.h"

#include <fstream>

namespace stackprobe::starter {

std::string CurrentBootId() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!std::getline(in, id)) return "";
  while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
  return id;
}

}  // namespace stackprobe::starter
