// SPDX-License-Identifier: Apache-2.0
//
// The exporter's HTTP routes: /metrics, /probe, /-/healthy, /-/ready,
// /-/reload, / and /api/v1/status. /metrics and the status views only read
// the newest snapshot, so a hanging target can never delay a scrape; /probe
// and /-/reload may take seconds and run on the server's blocking pool.
#ifndef STACKPROBE_DAEMON_ENDPOINTS_H_
#define STACKPROBE_DAEMON_ENDPOINTS_H_

#include <functional>

#include "daemon/runtime.h"
#include "http/router.h"
#include "http/server.h"

namespace stackprobe::daemon {

struct EndpointHooks {
  /// Called for POST /-/reload instead of reloading directly, so the caller
  /// can tell systemd (RELOADING=1 ... READY=1). Returns success, sets error.
  std::function<bool(std::string& error)> reload;
  /// Reloads of --web.config.file refused so far (empty: no web config).
  std::function<std::uint64_t()> web_config_reload_failures;
};

/// Adds every route to `router`. `runtime` must outlive the server.
void AddEndpoints(http::Router& router, Runtime& runtime, EndpointHooks hooks);

/// The timeout for a /probe request: the probe's own, bounded by the
/// scrape-timeout header (minus 0.5 s, at least 0.1 s) when it holds a
/// positive finite number of seconds; any other header value is ignored.
std::chrono::milliseconds ProbeTimeout(const std::string& scrape_timeout_header,
                                       std::chrono::milliseconds probe_timeout);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_ENDPOINTS_H_
