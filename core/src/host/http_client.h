// SPDX-License-Identifier: Apache-2.0
//
// The HTTP client behind HostContext::Http (libcurl). Probes point it at
// services that may be broken or hostile, so every transfer is bounded in
// time (timeout and deadline), in body size and in header size.
#ifndef STACKPROBE_HOST_HTTP_CLIENT_H_
#define STACKPROBE_HOST_HTTP_CLIENT_H_

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
/// call makes fresh connections (nothing is reused between probes, so every
/// answer measures a real connect); what is kept between calls is a small
/// pool of curl multi handles, which cache the parsed CA store (loading the
/// system bundle costs ~0.3 s of CPU with OpenSSL 3).
/// Protocols are limited to http and https (redirects included), and proxy
/// settings from the environment are ignored: a probe of localhost must
/// never go through a proxy.
class HttpClient {
 public:
  /// Initialises libcurl once per process (the first construction does it).
  explicit HttpClient(HttpHeaderLimits limits = {});
  /// Frees the pooled handles; no call may be running.
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

  HttpHeaderLimits limits_;
  bool bundle_only_ = false;  ///< Use the default CA bundle without CApath.
  mutable std::mutex pool_mutex_;
  mutable std::vector<void*> idle_multis_;  ///< CURLM*, kept opaque here.
};

/// Parses a certificate date as libcurl reports it in CURLINFO_CERTINFO
/// ("Jan  2 03:04:05 2030 GMT" from OpenSSL, "2030-01-02 03:04:05 GMT" from
/// other backends) into Unix seconds; 0 when it cannot be parsed.
std::int64_t ParseCertificateDate(std::string_view text);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_HTTP_CLIENT_H_
