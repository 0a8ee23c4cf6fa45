// SPDX-License-Identifier: Apache-2.0
#include "daemon/memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace stackprobe::daemon {

void ReleaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace stackprobe::daemon
