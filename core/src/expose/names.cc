// SPDX-License-Identifier: Apache-2.0
#include "expose/names.h"

namespace stackprobe::expose {

bool IsSnakeCaseName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (!(lower || c == '_' || (digit && i > 0))) return false;
  }
  return true;
}

}  // namespace stackprobe::expose
