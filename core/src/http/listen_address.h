// SPDX-License-Identifier: Apache-2.0
//
// Parsing of the `listen` strings of the configuration.
#ifndef STACKPROBE_HTTP_LISTEN_ADDRESS_H_
#define STACKPROBE_HTTP_LISTEN_ADDRESS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace stackprobe::http {

/// A listen address split into a numeric host and a port.
struct ListenAddress {
  std::string host;        ///< Numeric IP without brackets: "127.0.0.1", "::1".
  std::uint16_t port = 0;  ///< 0 asks the kernel for a free port.
};

/// Parses "127.0.0.1:9877", "[::1]:9877" or "localhost:0". "localhost" means
/// 127.0.0.1 (no resolver: its answer depends on /etc/hosts). Throws
/// std::invalid_argument naming the text when it is malformed. Thread-safe.
ListenAddress ParseListenAddress(std::string_view text);

/// Formats host and port back: "127.0.0.1:9877", "[::1]:9877". Thread-safe.
std::string FormatHostPort(std::string_view host, std::uint16_t port);

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_LISTEN_ADDRESS_H_
