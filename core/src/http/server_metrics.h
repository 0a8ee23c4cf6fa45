// SPDX-License-Identifier: Apache-2.0
//
// The HTTP server's own metrics, as prometheus-cpp families in a registry
// the server's owner exposes (the daemon's /metrics writes them through
// stackprobe's own writer).
#ifndef STACKPROBE_HTTP_SERVER_METRICS_H_
#define STACKPROBE_HTTP_SERVER_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "http/server.h"

namespace stackprobe::http {

/// The `handler` label of a request that matched no route (bounded: the raw
/// path never becomes a label).
inline constexpr std::string_view kOtherHandler = "other";

/// Counters, gauges and histograms of one server, registered in `registry`
/// on construction (a family that exists there already is shared). Every
/// method is thread-safe.
///
/// Families (text 0.0.4 names):
///  - stackprobe_http_requests_total{handler,code}: responses sent.
///  - stackprobe_http_request_duration_seconds{handler}: from the complete
///    request to its response being handed to the socket (queueing for a
///    blocking thread and password checks included; the client's reading
///    not).
///  - stackprobe_http_connections_open: open connections now.
///  - stackprobe_http_connections_rejected_total,
///    _connections_evicted_total, _timeouts_total, _handler_errors_total,
///    _tls_handshake_failures_total, _auth_failures_total.
///  - stackprobe_http_oversized_requests_total{part}: part is header (431),
///    framing (431: chunk extensions or trailers) or body (413).
///  - stackprobe_http_busy_responses_total{queue}: 503s because the queue of
///    blocking handlers (blocking) or of password checks (auth) was full, or
///    too many response bytes waited for their clients (response_memory).
class ServerMetrics {
 public:
  explicit ServerMetrics(prometheus::Registry& registry);

  /// Counts one response; `seconds` < 0 when the request never completed
  /// (a header that was too large, say): no duration is observed then.
  /// `handler` is a route pattern or kOtherHandler.
  void CountResponse(std::string_view handler, int code, double seconds);

  prometheus::Gauge& connections_open;
  prometheus::Counter& connections_accepted;
  prometheus::Counter& connections_rejected;
  prometheus::Counter& connections_evicted;
  prometheus::Counter& timeouts;
  prometheus::Counter& handler_errors;
  prometheus::Counter& tls_handshake_failures;
  prometheus::Counter& auth_failures;
  prometheus::Counter& header_too_large;
  prometheus::Counter& framing_too_large;
  prometheus::Counter& body_too_large;
  prometheus::Counter& blocking_rejected;
  prometheus::Counter& auth_rejected;
  prometheus::Counter& responses_refused_memory;

  /// The counters' values now (requests_total summed over its labels);
  /// the fields that are not metrics (pending bytes, queued) stay 0.
  ServerStats Read() const;

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_SERVER_METRICS_H_
