// SPDX-License-Identifier: Apache-2.0
//
// The HTTP/1.x server of the exporter (/metrics, /probe, the API). Built on
// Boost.Beast; this header keeps Beast and Asio out of its users' builds.
#ifndef STACKPROBE_HTTP_SERVER_H_
#define STACKPROBE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"
#include "http/security.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace stackprobe::http {

class ServerImpl;  // Beast/Asio state, defined in server.cc.

/// Server settings. Every limit protects the daemon from its clients.
struct ServerOptions {
  /// Addresses to listen on: "127.0.0.1:9877", "[::1]:9877", "localhost:0".
  /// Port 0 takes a free port (see Server::BoundAddresses()).
  std::vector<std::string> listen = {"127.0.0.1:9877"};
  /// Threads running I/O and kInline handlers; all but one of them also run
  /// a kBlocking handler themselves when they can (http/inline_allowance.h).
  int io_threads = 3;
  /// Threads running kBlocking handlers that no I/O thread could take.
  int blocking_threads = 4;
  /// Threads checking passwords (Authenticator::Check), apart from the
  /// kBlocking handlers so that wrong passwords cannot starve them.
  int auth_threads = 2;
  /// Password checks waiting for a thread; beyond this they get 503.
  std::size_t auth_queue_size = 32;
  /// kBlocking requests waiting for a thread; beyond this they get 503.
  std::size_t blocking_queue_size = 64;
  /// Open connections. A new connection beyond this takes the place of the
  /// one that has waited longest without finishing a request (idle
  /// keep-alive or slow); when every open one is busy it is closed at once.
  std::size_t max_connections = 512;
  /// Open connections from one client address; beyond it, that client's own
  /// longest-waiting connection makes room.
  std::size_t max_connections_per_client = 128;
  std::size_t max_header_bytes = 16 * 1024;  ///< Beyond this: 431, closed.
  std::size_t max_body_bytes = 64 * 1024;    ///< Beyond this: 413, closed.
  /// The whole request (header, then body) must arrive within this time from
  /// its first byte (from the accept for a new connection): slow-drip clients
  /// are closed without holding anyone up.
  std::chrono::milliseconds header_timeout{10000};
  /// A keep-alive connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout{60000};
  /// Sending one response may take at most this long.
  std::chrono::milliseconds write_timeout{30000};
  /// Response bodies not yet written, summed over all connections (clients
  /// that do not read); a body over 64 KiB beyond this gets 503.
  std::size_t max_pending_response_bytes = 64 * 1024 * 1024;
  /// Bodies at least this long are gzipped when the client accepts gzip.
  std::size_t gzip_min_bytes = 1024;
  /// TLS, authentication and extra headers, asked once per accepted
  /// connection (so a rotated certificate serves the next connection).
  /// Empty: plain HTTP without authentication.
  SecurityProvider security;
  /// Where the server registers its metrics (http/server_metrics.h), for
  /// the owner to expose. Null: a registry of the server's own, read only
  /// through Stats().
  std::shared_ptr<prometheus::Registry> metrics_registry;
};

/// The server's metrics since Start() (a copy; each field read atomically
/// on its own).
struct ServerStats {
  std::uint64_t connections_accepted = 0;        ///< Connections served.
  std::uint64_t connections_rejected_limit = 0;  ///< Closed: no room.
  /// Closed to make room for a new connection (see max_connections).
  std::uint64_t connections_evicted = 0;
  std::uint64_t connections_open = 0;  ///< Open right now.
  std::uint64_t requests_total = 0;    ///< Responses sent, any status.
  std::uint64_t header_too_large = 0;  ///< Requests answered 431: header.
  /// Requests answered 431: a chunk header (extensions) or trailers over
  /// the read buffer.
  std::uint64_t framing_too_large = 0;
  std::uint64_t body_too_large = 0;  ///< Requests answered 413.
  /// Responses replaced by 503: max_pending_response_bytes.
  std::uint64_t responses_refused_memory = 0;
  std::uint64_t pending_response_bytes = 0;  ///< Unwritten bodies now.
  std::uint64_t timeouts = 0;  ///< Connections closed by a read/write timeout.
  std::uint64_t handler_errors = 0;     ///< Handlers that threw (answered 500).
  std::uint64_t blocking_rejected = 0;  ///< kBlocking requests answered 503.
  std::uint64_t blocking_queued = 0;    ///< kBlocking requests waiting now.
  /// TLS connections closed because the handshake failed or timed out
  /// (bad or missing client certificate, plain HTTP sent to TLS, ...).
  std::uint64_t tls_handshake_failures = 0;
  std::uint64_t auth_failures = 0;  ///< Requests answered 401.
  std::uint64_t auth_rejected = 0;  ///< Password checks answered 503.
};

/// An HTTP/1.0 and HTTP/1.1 (keep-alive) server. Start() once, Stop() once
/// (the destructor stops too). Start(), Stop() and the destructor must not
/// run concurrently with each other; BoundAddresses() and Stats() are
/// thread-safe after Start() returned.
class Server {
 public:
  /// Takes the routing table; nothing listens before Start().
  Server(ServerOptions options, Router router);
  /// Stops the server if it runs.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds every listen address and starts the threads. Throws
  /// std::runtime_error("cannot listen on 127.0.0.1:9877: Address already in
  /// use") for the first address that fails (having bound none), and
  /// std::invalid_argument for a malformed address.
  void Start();

  /// The bound addresses, in listen order, with the real port when 0 was
  /// asked: "127.0.0.1:41234", "[::1]:41235". Empty before Start().
  std::vector<std::string> BoundAddresses() const;

  /// Closes the listeners and every connection and joins the I/O threads
  /// (well within 1 s). Waits for kBlocking handlers already running (they
  /// are bounded by their own deadlines); queued ones are dropped.
  void Stop();

  /// A snapshot of the counters. Thread-safe.
  ServerStats Stats() const;

 private:
  std::unique_ptr<ServerImpl> impl_;
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_SERVER_H_
