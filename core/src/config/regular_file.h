// SPDX-License-Identifier: Apache-2.0
//
// Reading a whole file that stackprobe is told to read (the config, the web
// config). Only a regular file is read: a FIFO would block the reader until
// a writer comes (signals included), a device or a socket never ends.
#ifndef STACKPROBE_CONFIG_REGULAR_FILE_H_
#define STACKPROBE_CONFIG_REGULAR_FILE_H_

#include <cstddef>
#include <string>

namespace stackprobe::config {

/// Reads the regular file at `path`, at most `max_bytes`. The file is opened
/// once (non-blocking, close-on-exec) and the opened descriptor is checked,
/// so what is checked is what is read. Throws ConfigError
/// `path: expected a regular file, got a FIFO` (or a directory, a socket, a
/// character device, a block device), `path: cannot read: <reason>` or
/// `path: cannot read: larger than N bytes`. Thread-safe.
std::string ReadRegularFile(const std::string& path, std::size_t max_bytes);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_REGULAR_FILE_H_
