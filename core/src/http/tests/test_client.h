// SPDX-License-Identifier: Apache-2.0
//
// Clients for the server tests: libcurl for ordinary requests, a raw socket
// for what curl hides (HEAD bodies, slow senders, oversized headers).
#ifndef STACKPROBE_HTTP_TESTS_TEST_CLIENT_H_
#define STACKPROBE_HTTP_TESTS_TEST_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/router.h"
#include "http/server.h"

namespace stackprobe::http::testing {

/// A response as curl saw it.
struct HttpResult {
  long status = 0;    ///< 0 when the transfer failed.
  std::string error;  ///< curl's message when status is 0.
  std::string body;   ///< Raw: not decoded even when gzipped.
  std::vector<std::pair<std::string, std::string>> headers;  ///< Lower names.
  double seconds = 0;  ///< Wall time of the transfer.

  /// The first header named `lower_name`, or "" when absent.
  std::string Header(std::string_view lower_name) const;
  /// Whether a header named `lower_name` was received.
  bool Has(std::string_view lower_name) const;
};

/// One curl easy handle: reuses its connection across Fetch() calls.
/// Not thread-safe; use one per thread.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends `method` to `url` with extra request header lines ("Name: value").
  HttpResult Fetch(const std::string& url, const std::string& method = "GET",
                   const std::vector<std::string>& headers = {},
                   const std::string& body = {});

 private:
  void* curl_;  // CURL*, kept out of this header.
};

/// Fetch with a fresh connection.
HttpResult Fetch(const std::string& url, const std::string& method = "GET",
                 const std::vector<std::string>& headers = {},
                 const std::string& body = {});

/// A blocking TCP client socket. Not thread-safe.
class RawClient {
 public:
  /// Connects to "127.0.0.1:PORT" or "[::1]:PORT" (from `source_ipv4`, e.g.
  /// "127.0.0.2", when given); fails the test if it can't.
  explicit RawClient(const std::string& host_port,
                     const std::string& source_ipv4 = "");
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  /// Sends all of `data`; false when the peer has gone.
  bool Send(std::string_view data);
  /// Reads until the peer closes or `timeout` passes; sets closed().
  std::string ReadUntilClose(std::chrono::milliseconds timeout);
  /// Reads one response with a Content-Length body (or none for HEAD when
  /// `head`), within `timeout`; "" on failure.
  std::string ReadResponse(std::chrono::milliseconds timeout,
                           bool head = false);
  /// Waits up to `timeout` for the peer to close (EOF or reset).
  bool WaitClosed(std::chrono::milliseconds timeout);
  /// True once a read saw EOF or a reset.
  bool closed() const { return closed_; }

 private:
  // Waits up to `timeout` for readable data and reads it into buffer_.
  bool ReadSome(std::chrono::milliseconds timeout);

  int fd_ = -1;
  bool closed_ = false;
  std::string buffer_;
};

/// A started server on 127.0.0.1:0 (unless `options.listen` says otherwise).
class TestServer {
 public:
  TestServer(Router router, ServerOptions options = {});
  ~TestServer();
  /// "http://127.0.0.1:PORT" + path, for the first bound address.
  std::string Url(std::string_view path) const;
  /// "127.0.0.1:PORT" of the first bound address.
  std::string HostPort() const { return server_->BoundAddresses().at(0); }
  Server& server() { return *server_; }

 private:
  std::unique_ptr<Server> server_;
};

/// Polls `condition` every millisecond until it holds or `timeout` passes.
template <class Condition>
bool WaitFor(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

/// Inflates a gzip stream; throws std::runtime_error when it is not one.
std::string Gunzip(std::string_view data);

/// This process's resident memory (VmRSS of /proc/self/status), in bytes.
std::size_t ResidentBytes();

/// Seconds since `start`.
double SecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace stackprobe::http::testing

#endif  // STACKPROBE_HTTP_TESTS_TEST_CLIENT_H_
