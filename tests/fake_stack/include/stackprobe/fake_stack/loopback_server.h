// SPDX-License-Identifier: Apache-2.0
//
// A minimal HTTP/1.1 server on 127.0.0.1 for the fake AI stack. Unlike the
// unit-test server it binds a chosen port and can be stopped and started
// again on the same port, so a fake service can "go down" (connections
// refused) and come back where its clients expect it.
#ifndef STACKPROBE_FAKE_STACK_LOOPBACK_SERVER_H_
#define STACKPROBE_FAKE_STACK_LOOPBACK_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stackprobe::fake_stack {

/// One request as received (one request per connection; the server always
/// answers with `Connection: close`).
struct HttpExchange {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< Path and query, e.g. "/health?ts=1".
  std::string body;    ///< Request body (Content-Length bytes).
  /// The target without its query string.
  std::string Path() const;
  /// The query string without "?", or "" when there is none.
  std::string Query() const;
};

/// How to answer one request.
struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  ///< Extra ones.
  std::string body;
  /// Wait this long before answering; cut short when the server stops.
  std::chrono::milliseconds delay{0};
  /// When non-zero, Content-Length announces this many bytes more than are
  /// sent, then the connection closes (a body cut off in transit).
  std::size_t truncate_by = 0;
};

/// Serves HTTP on 127.0.0.1:port with one thread per connection.
/// Thread-safe: Start/Stop may be called from any thread, the handler is
/// called concurrently from connection threads.
class LoopbackServer {
 public:
  using Handler = std::function<HttpReply(const HttpExchange&)>;

  /// Creates a stopped server for `port` (0: an ephemeral port is chosen by
  /// the first Start and kept for every later Start).
  LoopbackServer(std::uint16_t port, Handler handler);
  /// Stops the server and joins every thread.
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  /// Binds and starts accepting. Throws std::runtime_error when the port
  /// cannot be bound. No-op when already running.
  void Start();
  /// Closes the listening socket (new connections are refused), cuts short
  /// pending delays, closes open connections and joins their threads.
  /// No-op when stopped.
  void Stop();
  /// True between Start and Stop.
  bool Running() const;
  /// The bound port (the chosen one after the first Start when created with 0).
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stackprobe::fake_stack

#endif  // STACKPROBE_FAKE_STACK_LOOPBACK_SERVER_H_
