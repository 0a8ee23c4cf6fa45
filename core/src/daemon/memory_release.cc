// SPDX-License-Identifier: Apache-2.0
#include "daemon/memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace stackprobe::daemon {

void ConfigureAllocator() {
#if defined(__GLIBC__)
  // mallopt(3): setting M_MMAP_THRESHOLD turns off its dynamic adjustment.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kOwnMappingBytes));
#endif
}

void ReleaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace stackprobe::daemon
