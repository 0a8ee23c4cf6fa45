// SPDX-License-Identifier: Apache-2.0
//
// A scripted HTTP/1.1 server on 127.0.0.1:0 for tests: each request is
// answered by a handler, which can also make the answer slow, dripping,
// hanging or cut off, to play a broken target.
#ifndef STACKPROBE_TESTING_TEST_HTTP_SERVER_H_
#define STACKPROBE_TESTING_TEST_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stackprobe::testing {

/// A request as the server received it.
struct ReceivedRequest {
  std::string method;
  std::string target;  ///< Path and query, e.g. "/health?ts=1".
  std::vector<std::pair<std::string, std::string>>
      headers;  ///< Lower-case names.
  std::string body;
  /// Value of the first header named `name` (lower case), or "".
  std::string Header(const std::string& name) const;
  /// The target without its query string.
  std::string Path() const;
};

/// How to answer one request.
struct CannedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  ///< Wait before sending anything.
  bool hang = false;  ///< Never answer (until the server stops).
  bool close_without_response = false;  ///< Close the connection at once.
  /// When non-zero, send the body one byte per interval (a slow drip).
  std::chrono::milliseconds drip_interval{0};
  /// When set, Content-Length announces this many bytes more than sent,
  /// then the connection is closed (a truncated body).
  std::size_t truncate_by = 0;
};

/// Convenience: a JSON body with Content-Type application/json.
CannedResponse JsonResponse(int status, std::string body);
/// Convenience: a text/plain body.
CannedResponse TextResponse(int status, std::string body);

/// A local HTTP/1.1 server answering every request through a Handler. Each
/// connection carries one request and is closed after the answer
/// ("Connection: close"); request bodies need a Content-Length. Thread-safe.
class TestHttpServer {
 public:
  using Handler = std::function<CannedResponse(const ReceivedRequest&)>;

  /// Binds 127.0.0.1 on an ephemeral port and starts serving (one thread
  /// per connection, so a hanging answer does not block the others).
  explicit TestHttpServer(Handler handler);
  /// Stops accepting, releases hanging answers and joins every thread.
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  /// The bound port on 127.0.0.1.
  std::uint16_t port() const;
  /// "http://127.0.0.1:PORT"
  std::string BaseUrl() const;
  /// Every request received so far, in order.
  std::vector<ReceivedRequest> Requests() const;
  /// Replaces the handler (thread-safe).
  void SetHandler(Handler handler);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTING_TEST_HTTP_SERVER_H_
