// SPDX-License-Identifier: Apache-2.0
//
// Keeps the daemon's resident memory near what it holds: large buffers (a
// /metrics body at thousands of probes is megabytes, one per concurrent
// scrape) must go back to the system when freed, not stay in glibc's heap.
#ifndef STACKPROBE_DAEMON_MEMORY_RELEASE_H_
#define STACKPROBE_DAEMON_MEMORY_RELEASE_H_

namespace stackprobe::daemon {

/// Gives the heap's free pages back to the system (glibc malloc_trim: every
/// arena, not only the top of the main one). glibc raises its mmap
/// threshold to the largest mapped block freed so far (up to 32 MiB), so
/// after the first large scrape the bodies come from the heap, whose freed
/// pages would otherwise stay resident. A fixed threshold would map each
/// body afresh instead, and measured ten times the CPU per scrape (page
/// faults on every body); trimming on a timer costs a walk over the free
/// lists now and then. Meant for a timer (the serve loop calls it every
/// 10 s), not for every request. A no-op with other allocators.
void ReleaseFreeMemory();

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_MEMORY_RELEASE_H_
