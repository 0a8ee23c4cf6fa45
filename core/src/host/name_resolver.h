// SPDX-License-Identifier: Apache-2.0
//
// Name resolution for HostContext::Connect, bounded by the caller's
// deadline: getaddrinfo alone blocks for as long as the DNS servers make it.
#ifndef STACKPROBE_HOST_NAME_RESOLVER_H_
#define STACKPROBE_HOST_NAME_RESOLVER_H_

#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace stackprobe::host {

/// One address to connect a stream socket to.
struct StreamAddress {
  int family = AF_UNSPEC;
  int socket_type = SOCK_STREAM;
  int protocol = 0;
  sockaddr_storage address{};
  socklen_t length = 0;
};

/// The blocking lookup behind ResolveStream (getaddrinfo's signature).
using LookupFunction = int (*)(const char* host, const char* service,
                               const addrinfo* hints, addrinfo** result);

/// Fills `out` with the addresses of host:port for a TCP connection, in the
/// resolver's order. A numeric IPv4 or IPv6 address is converted in place
/// and `lookup` is never called. A name is looked up with `lookup` on a
/// thread of its own while the caller waits until it answers, until
/// `deadline` or until `cancelled` (may be null) is set; a lookup still
/// running then finishes on its thread and its answer is dropped. False
/// with `error` ("resolve HOST: ...") when nothing was resolved in time.
bool ResolveStream(const std::string& host, std::uint16_t port,
                   std::chrono::steady_clock::time_point deadline,
                   const std::atomic<bool>* cancelled,
                   std::vector<StreamAddress>& out, std::string& error,
                   LookupFunction lookup = ::getaddrinfo);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_NAME_RESOLVER_H_
