// SPDX-License-Identifier: Apache-2.0
//
// The standard process_* metrics of the running exporter, read from /proc.
#ifndef STACKPROBE_EXPOSE_PROCESS_STATS_H_
#define STACKPROBE_EXPOSE_PROCESS_STATS_H_

namespace stackprobe::expose {

/// Resource use of the current process, in base units. A value that could
/// not be read is 0.
struct ProcessStats {
  double cpu_seconds = 0;         ///< User + system CPU time, seconds.
  double resident_bytes = 0;      ///< Resident set size, bytes.
  double virtual_bytes = 0;       ///< Virtual memory size, bytes.
  double open_fds = 0;            ///< Open file descriptors.
  double max_fds = 0;             ///< Soft limit on open file descriptors.
  double start_time_seconds = 0;  ///< Process start, Unix seconds.
};

/// Reads the current process's stats from /proc/self/stat, /proc/self/fd,
/// /proc/self/limits and the boot time in /proc/stat, the same sources the
/// Prometheus client libraries use for process_*. Takes well under a
/// millisecond; thread-safe.
ProcessStats ReadProcessStats();

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_PROCESS_STATS_H_
