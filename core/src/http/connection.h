// SPDX-License-Identifier: Apache-2.0
//
// One HTTP/1.x connection, as a template over the stream so that TLS is one
// more stream type (beast::ssl_stream<beast::tcp_stream>) plus a handshake,
// not a second implementation. Private to the server: includes Beast, so only
// server.cc may include it (one Beast translation unit keeps builds fast).
#ifndef STACKPROBE_HTTP_CONNECTION_H_
#define STACKPROBE_HTTP_CONNECTION_H_

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "http/blocking_pool.h"
#include "http/connection_registry.h"
#include "http/inline_allowance.h"
#include "http/request_limits.h"
#include "http/response_builder.h"
#include "http/router.h"
#include "http/server.h"
#include "http/server_metrics.h"

namespace stackprobe::http {

/// What every connection shares; owned by the server, outlives connections.
struct ConnectionContext {
  const ServerOptions& options;
  const Router& router;
  BlockingPool& pool;
  BlockingPool& auth_pool;  ///< Password checks only.
  /// kBlocking handlers that may run on the I/O thread instead of `pool`.
  InlineAllowance& inline_blocking;
  ServerMetrics& metrics;
  /// Response bytes not yet written, over all connections (see
  /// ReservePending).
  std::atomic<std::uint64_t>& pending_response_bytes;
};

/// Serves requests one at a time (the next request is read only after the
/// previous response is written; pipelined bytes wait in the buffer). All
/// members run on the stream's strand.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  /// `policy` may be null (no authentication, no extra headers).
  Connection(Stream stream, ConnectionContext context,
             std::string remote_address, bool remote_is_loopback,
             std::shared_ptr<const SecurityPolicy> policy)
      : stream_(std::move(stream)),
        context_(context),
        remote_address_(std::move(remote_address)),
        remote_is_loopback_(remote_is_loopback),
        policy_(std::move(policy)),
        buffer_(ReadBufferLimit(context.options)) {}

  ~Connection() {
    ReleasePending();
    context_.metrics.connections_open.Decrement();
  }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// The client's address, as the registry counts connections by it.
  const std::string& RemoteAddress() const { return remote_address_; }

  /// What closes this connection when the registry picks it to make room:
  /// a close posted to the connection's strand (pending reads end).
  ConnectionRegistry::Evict EvictCallback() {
    return [weak = this->weak_from_this()] {
      auto self = weak.lock();
      if (!self) return;
      boost::asio::post(self->stream_.get_executor(), [self] {
        self->context_.metrics.connections_evicted.Increment();
        boost::beast::error_code ignored;
        self->Socket().socket().close(ignored);
      });
    };
  }

  /// Starts reading the first request (a TLS stream handshakes first);
  /// `slot` is the connection's place in the registry, held until it ends.
  void Start(std::unique_ptr<ConnectionSlot> slot) {
    slot_ = std::move(slot);
    if constexpr (kTls) {
      // The handshake counts against the first request's header timeout, so
      // a client that never finishes it is closed like a slow-drip one.
      Socket().expires_after(context_.options.header_timeout);
      stream_.async_handshake(
          boost::asio::ssl::stream_base::server,
          [self = this->shared_from_this()](boost::beast::error_code ec) {
            if (!ec) return self->ReadHeader();
            self->context_.metrics.tls_handshake_failures.Increment();
            boost::beast::error_code ignored;
            self->Socket().socket().close(ignored);
          });
    } else {
      ReadHeader();
    }
  }

 private:
  static constexpr bool kTls =
      !std::is_same_v<Stream, boost::beast::tcp_stream>;
  using Body = boost::beast::http::string_body;
  static constexpr std::size_t kReadChunk = 4096;
  static constexpr std::chrono::seconds kDrainTimeout{1};

  auto& Socket() { return boost::beast::get_lowest_layer(stream_); }

  // Between keep-alive requests the idle timeout applies; the header timeout
  // starts with the first byte of the next request.
  void AwaitRequest() {
    slot_->Waiting();
    if (buffer_.size() > 0) return ReadHeader();
    Socket().expires_after(context_.options.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        [self = this->shared_from_this()](boost::beast::error_code ec,
                                          std::size_t bytes) {
          if (ec) return self->OnReadError(ec);
          self->buffer_.commit(bytes);
          self->ReadHeader();
        });
  }

  void ReadHeader() {
    parser_.emplace();
    ApplyRequestLimits(*parser_, context_.options);
    Socket().expires_after(context_.options.header_timeout);
    boost::beast::http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](boost::beast::error_code ec,
                                          std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(boost::beast::error_code ec) {
    if (ec) return OnReadError(ec);
    if (parser_->is_done()) return Dispatch();
    // The body shares the header's deadline: it is small (max_body_bytes).
    const auto& header = parser_->get();
    if (boost::beast::iequals(header[boost::beast::http::field::expect],
                              "100-continue")) {
      static constexpr std::string_view kContinue =
          "HTTP/1.1 100 Continue\r\n\r\n";
      boost::asio::async_write(
          stream_, boost::asio::buffer(kContinue.data(), kContinue.size()),
          [self = this->shared_from_this()](boost::beast::error_code write_ec,
                                            std::size_t) {
            if (write_ec) return self->OnReadError(write_ec);
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](boost::beast::error_code ec,
                                          std::size_t) {
          if (ec) return self->OnReadError(ec);
          self->Dispatch();
        });
  }

  void OnReadError(boost::beast::error_code ec) {
    namespace bhttp = boost::beast::http;
    if (ec == bhttp::error::header_limit) {
      context_.metrics.header_too_large.Increment();
      return SendError(431, "request header fields too large\n");
    }
    if (ec == bhttp::error::buffer_overflow) {
      // A chunk header (with its extensions) or the trailers outgrew the
      // read buffer: ReadBufferLimit().
      context_.metrics.framing_too_large.Increment();
      return SendError(431, "request header fields too large\n");
    }
    if (ec == bhttp::error::body_limit) {
      context_.metrics.body_too_large.Increment();
      return SendError(413, "content too large\n");
    }
    if (ec == boost::beast::error::timeout) {
      // tcp_stream has closed the socket already.
      context_.metrics.timeouts.Increment();
      return;
    }
    if (ec == bhttp::error::end_of_stream ||
        ec == bhttp::error::partial_message) {
      return Close();
    }
    if (&ec.category() ==
        &bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return SendError(400, "bad request\n");
    }
    Close();
  }

  void SendError(int status, std::string body) {
    current_ = RequestInfo{};
    current_.keep_alive = false;
    Response response;
    response.status = status;
    response.body = std::move(body);
    Send(std::move(response), /*handler_threw=*/false);
  }

  void Dispatch() {
    slot_->Busy();
    current_.started = std::chrono::steady_clock::now();
    auto message = parser_->release();
    parser_.reset();
    Request request = ToRequest(std::move(message));
    if (policy_ != nullptr && policy_->authenticator != nullptr) {
      using Verdict = Authenticator::Verdict;
      switch (
          policy_->authenticator->QuickCheck(request.Header("authorization"))) {
        case Verdict::kAllow:
          break;
        case Verdict::kDeny:
          return Deny();
        case Verdict::kNeedsCheck:
          return CheckThenRoute(std::move(request));
      }
    }
    Route(std::move(request));
  }

  // A password hash takes ~100 ms by design: it runs on a pool of its own,
  // so that wrong passwords stall neither the I/O threads nor the blocking
  // handlers (/probe, /-/reload) of clients already authenticated.
  void CheckThenRoute(Request request) {
    auto job = [self = this->shared_from_this(),
                request = std::move(request)]() mutable {
      const bool allowed =
          self->policy_->authenticator->Check(request.Header("authorization"));
      auto executor = self->stream_.get_executor();
      boost::asio::post(
          executor, [self, allowed, request = std::move(request)]() mutable {
            if (!allowed) return self->Deny();
            self->Route(std::move(request));
          });
    };
    if (!context_.auth_pool.TrySubmit(std::move(job))) {
      SendBusy(context_.metrics.auth_rejected);
    }
  }

  void Deny() {
    context_.metrics.auth_failures.Increment();
    Response response;
    response.status = 401;
    response.body = "unauthorized\n";
    response.headers.emplace_back("WWW-Authenticate",
                                  policy_->authenticator->Challenge());
    Send(std::move(response), false);
  }

  void SendBusy(prometheus::Counter& counter) {
    counter.Increment();
    Response busy;
    busy.status = 503;
    busy.body = "too many requests waiting, retry later\n";
    busy.headers.emplace_back("Retry-After", "1");
    Send(std::move(busy), false);
  }

  void Route(Request request) {
    const Router::Match match =
        context_.router.Find(request.method, request.path);
    if (match.kind != Router::Match::Kind::kFound ||
        match.dispatch == Router::Dispatch::kInline) {
      bool threw = false;
      Response response = context_.router.Handle(request, &threw);
      return Send(std::move(response), threw);
    }
    if (context_.inline_blocking.TryTake()) {
      // On this I/O thread, in this connection's strand: no hand-off.
      bool threw = false;
      Response response = context_.router.Handle(request, &threw);
      context_.inline_blocking.Give();
      return Send(std::move(response), threw);
    }
    auto job = [self = this->shared_from_this(),
                request = std::move(request)]() {
      bool threw = false;
      Response response = self->context_.router.Handle(request, &threw);
      auto executor = self->stream_.get_executor();
      boost::asio::post(
          executor, [self, threw, response = std::move(response)]() mutable {
            self->Send(std::move(response), threw);
          });
    };
    if (!context_.pool.TrySubmit(std::move(job))) {
      SendBusy(context_.metrics.blocking_rejected);
    }
  }

  Request ToRequest(boost::beast::http::request<Body>&& message) {
    current_.version = message.version();
    current_.keep_alive = message.keep_alive();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    const std::size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) {
      request.query = request.target.substr(question + 1);
    }
    request.headers.reserve(16);
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_address_;
    request.remote_is_loopback = remote_is_loopback_;
    const std::string_view pattern = context_.router.Pattern(request.path);
    current_.handler = pattern.empty() ? kOtherHandler : pattern;
    current_.head = request.method == "HEAD";
    current_.accept_encoding = request.Header("accept-encoding");
    return request;
  }

  void Send(Response response, bool handler_threw) {
    namespace bhttp = boost::beast::http;
    if (handler_threw) context_.metrics.handler_errors.Increment();
    if (policy_ != nullptr) {
      for (const auto& header : policy_->headers) {
        response.headers.push_back(header);
      }
    }
    EncodedResponse encoded =
        EncodeResponse(std::move(response), current_.accept_encoding,
                       context_.options.gzip_min_bytes);
    if (!ReservePending(encoded.body.size())) {
      context_.metrics.responses_refused_memory.Increment();
      encoded = EncodeResponse(ServiceUnavailable(), "", 0);
      current_.keep_alive = false;
    }
    CountResponse(encoded.status);
    response_.emplace();
    auto& out = *response_;
    out.version(current_.version);
    out.result(static_cast<unsigned>(encoded.status));
    for (auto& [name, value] : encoded.headers) out.insert(name, value);
    if (current_.head) {
      out.content_length(encoded.body.size());
    } else {
      out.body() = std::move(encoded.body);
      out.prepare_payload();
    }
    out.keep_alive(current_.keep_alive);
    Socket().expires_after(context_.options.write_timeout);
    bhttp::async_write(
        stream_, out,
        [self = this->shared_from_this()](boost::beast::error_code ec,
                                          std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(boost::beast::error_code ec) {
    ReleasePending();
    if (ec) {
      if (ec == boost::beast::error::timeout) {
        context_.metrics.timeouts.Increment();
      }
      return;
    }
    const bool keep_alive = response_->keep_alive();
    response_.reset();
    if (!keep_alive) return Close();
    AwaitRequest();
  }

  // Half-closes, then reads what the client still sends until it closes (or
  // a short deadline): closing with unread bytes would reset the connection
  // and could destroy our last response before the client read it.
  void Close() {
    if constexpr (kTls) {
      // close_notify first, so the client can tell our end from an attack;
      // a client that never answers it is cut off by the deadline.
      Socket().expires_after(kDrainTimeout);
      stream_.async_shutdown(
          [self = this->shared_from_this()](boost::beast::error_code) {
            boost::beast::error_code ignored;
            self->Socket().socket().close(ignored);
          });
      return;
    }
    boost::beast::error_code ignored;
    Socket().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send,
                               ignored);
    Socket().expires_after(kDrainTimeout);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(boost::asio::buffer(drain_),
                            [self = this->shared_from_this()](
                                boost::beast::error_code ec, std::size_t) {
                              if (!ec) return self->Drain();
                              boost::beast::error_code ignored;
                              self->Socket().socket().close(ignored);
                            });
  }

  // Responses waiting to be written may pin at most
  // max_pending_response_bytes across all connections: clients that never
  // read cannot make the server hold a copy of /metrics each. Bodies up to
  // kAlwaysSent bytes (errors, small answers) are always sent.
  bool ReservePending(std::size_t bytes) {
    static constexpr std::size_t kAlwaysSent = 64 * 1024;
    auto& pending = context_.pending_response_bytes;
    const std::uint64_t before = pending.fetch_add(bytes);
    if (bytes > kAlwaysSent &&
        before + bytes > context_.options.max_pending_response_bytes) {
      pending.fetch_sub(bytes);
      return false;
    }
    pinned_bytes_ = bytes;
    return true;
  }

  void ReleasePending() {
    context_.pending_response_bytes.fetch_sub(pinned_bytes_);
    pinned_bytes_ = 0;
  }

  void CountResponse(int status) {
    double seconds = -1;
    if (current_.started) {
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              *current_.started)
                    .count();
    }
    context_.metrics.CountResponse(current_.handler, status, seconds);
  }

  static Response ServiceUnavailable() {
    Response response;
    response.status = 503;
    response.body = "too many responses waiting to be read, retry later\n";
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }

  struct RequestInfo {
    unsigned version = 11;
    bool keep_alive = true;
    bool head = false;
    std::string accept_encoding;
    /// The route's path, or kOtherHandler (also before routing).
    std::string_view handler = kOtherHandler;
    /// When the request was complete; unset for errors while reading it.
    std::optional<std::chrono::steady_clock::time_point> started;
  };

  Stream stream_;
  ConnectionContext context_;
  const std::string remote_address_;
  const bool remote_is_loopback_;
  const std::shared_ptr<const SecurityPolicy> policy_;
  std::unique_ptr<ConnectionSlot> slot_;
  std::size_t pinned_bytes_ = 0;      // Of the response being written.
  boost::beast::flat_buffer buffer_;  // Bounded by ReadBufferLimit().
  std::optional<boost::beast::http::request_parser<Body>> parser_;
  std::optional<boost::beast::http::response<Body>> response_;
  RequestInfo current_;
  char drain_[1024];
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_CONNECTION_H_
