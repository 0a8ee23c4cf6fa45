// SPDX-License-Identifier: Apache-2.0
//
// Keeps the daemon's resident memory near what it holds: large buffers (a
// /metrics body at thousands of probes is megabytes, one per concurrent
// scrape) must go back to the system when freed, not stay in glibc's heap.
#ifndef STACKPROBE_DAEMON_MEMORY_RELEASE_H_
#define STACKPROBE_DAEMON_MEMORY_RELEASE_H_

#include <cstddef>

namespace stackprobe::daemon {

/// Blocks at least this large are mapped on their own and unmapped when
/// freed.
inline constexpr std::size_t kOwnMappingBytes = 256 * 1024;

/// Fixes glibc's mmap threshold at kOwnMappingBytes. By default glibc raises
/// the threshold to the size of the largest mapped block freed so far (up
/// to 32 MiB), so after the first large scrape every later body comes from
/// the heap, whose freed pages stay resident. Call once, before the threads
/// start. A no-op with other allocators.
void ConfigureAllocator();

/// Gives the heap's free pages back to the system (glibc malloc_trim: every
/// arena, not only the top of the main one). Costs a walk over the free
/// lists, well under a millisecond for the daemon's heap; meant for a timer
/// (the serve loop calls it every 10 s), not for every request.
void ReleaseFreeMemory();

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_MEMORY_RELEASE_H_
