// SPDX-License-Identifier: Apache-2.0
#include "http/server_metrics.h"

#include <string>

namespace stackprobe::http {
namespace {

prometheus::Family<prometheus::Counter>& CounterFamily(
    prometheus::Registry& registry, const std::string& name,
    const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Counter& PlainCounter(prometheus::Registry& registry,
                                  const std::string& name,
                                  const std::string& help) {
  return CounterFamily(registry, name, help).Add({});
}

// Request durations of the exporter's own endpoints: from well under a
// millisecond (/metrics from the cache) to the seconds a /probe may take.
const prometheus::Histogram::BucketBoundaries& RequestBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

constexpr const char* kOversizedName =
    "stackprobe_http_oversized_requests_total";
constexpr const char* kOversizedHelp =
    "Requests refused for too large a header (part=header, 431), chunk "
    "extension or trailer section (part=framing, 431) or body (part=body, "
    "413).";
constexpr const char* kBusyName = "stackprobe_http_busy_responses_total";
constexpr const char* kBusyHelp =
    "Requests answered 503 with Retry-After: the queue of slow handlers "
    "(queue=blocking) or of password checks (queue=auth) was full, or too "
    "many large responses were waiting for clients to read them "
    "(queue=response_memory).";

}  // namespace

ServerMetrics::ServerMetrics(prometheus::Registry& registry)
    : connections_open(
          prometheus::BuildGauge()
              .Name("stackprobe_http_connections_open")
              .Help("Connections open to the exporter's HTTP server now.")
              .Register(registry)
              .Add({})),
      connections_accepted(PlainCounter(
          registry, "stackprobe_http_connections_accepted_total",
          "Connections the exporter's HTTP server accepted and served.")),
      connections_rejected(PlainCounter(
          registry, "stackprobe_http_connections_rejected_total",
          "Connections closed at once: the connection limit was reached and "
          "every open connection was busy.")),
      connections_evicted(PlainCounter(
          registry, "stackprobe_http_connections_evicted_total",
          "Connections closed to make room for a new one: the one that had "
          "waited longest without finishing a request (idle keep-alive or "
          "slow) when the server or its client was at its connection "
          "limit.")),
      timeouts(PlainCounter(
          registry, "stackprobe_http_timeouts_total",
          "Connections closed by the exporter's read or write timeouts.")),
      handler_errors(
          PlainCounter(registry, "stackprobe_http_handler_errors_total",
                       "Requests answered 500 because a handler failed.")),
      tls_handshake_failures(PlainCounter(
          registry, "stackprobe_http_tls_handshake_failures_total",
          "TLS connections closed because the handshake failed or timed out "
          "(see --web.config.file).")),
      auth_failures(PlainCounter(
          registry, "stackprobe_http_auth_failures_total",
          "Requests answered 401 for missing or wrong basic auth credentials "
          "(see --web.config.file).")),
      header_too_large(CounterFamily(registry, kOversizedName, kOversizedHelp)
                           .Add({{"part", "header"}})),
      framing_too_large(CounterFamily(registry, kOversizedName, kOversizedHelp)
                            .Add({{"part", "framing"}})),
      body_too_large(CounterFamily(registry, kOversizedName, kOversizedHelp)
                         .Add({{"part", "body"}})),
      blocking_rejected(CounterFamily(registry, kBusyName, kBusyHelp)
                            .Add({{"queue", "blocking"}})),
      auth_rejected(CounterFamily(registry, kBusyName, kBusyHelp)
                        .Add({{"queue", "auth"}})),
      responses_refused_memory(CounterFamily(registry, kBusyName, kBusyHelp)
                                   .Add({{"queue", "response_memory"}})),
      requests_(CounterFamily(
          registry, "stackprobe_http_requests_total",
          "HTTP responses sent by the exporter's server, by handler (the "
          "route's path; other for paths without a route) and status code.")),
      durations_(prometheus::BuildHistogram()
                     .Name("stackprobe_http_request_duration_seconds")
                     .Help("Time from a complete request to its response "
                           "being ready to send (queueing and password "
                           "checks included, the client's reading not), by "
                           "handler (the route's path; other for paths "
                           "without a route), measured by the exporter's "
                           "server.")
                     .Register(registry)) {}

void ServerMetrics::CountResponse(std::string_view handler, int code,
                                  double seconds) {
  const std::string handler_label(handler);
  requests_.Add({{"handler", handler_label}, {"code", std::to_string(code)}})
      .Increment();
  if (seconds >= 0) {
    durations_.Add({{"handler", handler_label}}, RequestBuckets())
        .Observe(seconds);
  }
}

ServerStats ServerMetrics::Read() const {
  const auto count = [](const prometheus::Counter& counter) {
    return static_cast<std::uint64_t>(counter.Value());
  };
  ServerStats stats;
  stats.connections_accepted = count(connections_accepted);
  stats.connections_rejected_limit = count(connections_rejected);
  stats.connections_evicted = count(connections_evicted);
  stats.connections_open = static_cast<std::uint64_t>(connections_open.Value());
  for (const auto& family : requests_.Collect()) {
    for (const auto& metric : family.metric) {
      stats.requests_total += static_cast<std::uint64_t>(metric.counter.value);
    }
  }
  stats.header_too_large = count(header_too_large);
  stats.framing_too_large = count(framing_too_large);
  stats.body_too_large = count(body_too_large);
  stats.responses_refused_memory = count(responses_refused_memory);
  stats.timeouts = count(timeouts);
  stats.handler_errors = count(handler_errors);
  stats.blocking_rejected = count(blocking_rejected);
  stats.tls_handshake_failures = count(tls_handshake_failures);
  stats.auth_failures = count(auth_failures);
  stats.auth_rejected = count(auth_rejected);
  return stats;
}

}  // namespace stackprobe::http
