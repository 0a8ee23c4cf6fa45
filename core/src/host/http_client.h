// SPDX-License-Identifier: Apache-2.0
//
// The HTTP client behind HostContext::Http (libcurl). Probes point it at
// services that may be broken or hostile, so every transfer is bounded in
// time (timeout and deadline), in body size and in header size.
#ifndef STACKPROBE_HOST_HTTP_CLIENT_H_
#define STACKPROBE_HOST_HTTP_CLIENT_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::host {

/// Limits on what a response may send before its headers are refused.
struct HttpHeaderLimits {
  std::size_t max_headers = 100;           ///< Header lines per response.
  std::size_t max_total_bytes = 64 << 10;  ///< Bytes of all header lines.
};

/// Performs HTTP(S) requests for plugins. One per process; thread-safe. Each
/// request opens a fresh connection, and closes it after the answer: no
/// connection is reused between requests, so every answer measures what a
/// new client gets (connect, TLS handshake, first byte), a target whose
/// listener is gone is never reported up over an old keep-alive connection,
/// and nothing of one probe's request can ride on another's connection.
/// What is kept between calls is set-up work only: pools of curl easy
/// handles (reset to no options between uses: nothing of one request's
/// method, headers, credentials or body reaches the next) and of multi
/// handles (they cache the parsed CA store: loading the system bundle costs
/// ~0.3 s of CPU with OpenSSL 3), and one share of TLS sessions (a new TLS
/// connection to a server seen before resumes its session: an abbreviated
/// handshake, still a real one).
/// Protocols are limited to http and https (redirects included), and proxy
/// settings from the environment are ignored: a probe of localhost must
/// never go through a proxy.
class HttpClient {
 public:
  /// Initialises libcurl once per process (the first construction does it).
  explicit HttpClient(HttpHeaderLimits limits = {});
  /// Frees the pooled handles and the share; no call may be running.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Performs one request. The transfer ends at the earlier of
  /// request.timeout (when non-zero) and `deadline`; `cancelled` (may be
  /// null) is polled during the transfer. Never throws for transport
  /// failures: they are reported in HttpResponse::error.
  HttpResponse Perform(const HttpRequest& request,
                       std::chrono::steady_clock::time_point deadline,
                       const std::atomic<bool>* cancelled = nullptr) const;

  /// Performs `requests` concurrently, bounded like Perform. The answers are
  /// in request order.
  std::vector<HttpResponse> PerformMany(
      const std::vector<HttpRequest>& requests,
      std::chrono::steady_clock::time_point deadline,
      const std::atomic<bool>* cancelled = nullptr) const;

 private:
  /// A multi handle from the pool, or a new one (nullptr on failure).
  void* AcquireMulti() const;
  /// Returns a multi handle with no transfers to the pool.
  void ReleaseMulti(void* multi) const;
  /// An easy handle from the pool (with no options set), or a new one
  /// (nullptr on failure).
  void* AcquireEasy() const;
  /// Resets an easy handle that is in no multi handle any more to no
  /// options and returns it to the pool.
  void ReleaseEasy(void* easy) const;

  HttpHeaderLimits limits_;
  bool bundle_only_ = false;  ///< Use the default CA bundle without CApath.
  void* share_ = nullptr;     ///< CURLSH* of TLS sessions; null if none.
  /// Guards the share's data, one lock per curl_lock_data value.
  mutable std::array<std::mutex, 8> share_locks_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<void*> idle_multis_;  ///< CURLM*, kept opaque here.
  mutable std::vector<void*> idle_easies_;  ///< CURL*, kept opaque here.
};

/// Parses a certificate date as libcurl reports it in CURLINFO_CERTINFO
/// ("Jan  2 03:04:05 2030 GMT" from OpenSSL, "2030-01-02 03:04:05 GMT" from
/// other backends) into Unix seconds; 0 when it cannot be parsed.
std::int64_t ParseCertificateDate(std::string_view text);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_HTTP_CLIENT_H_
