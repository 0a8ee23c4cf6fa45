// SPDX-License-Identifier: Apache-2.0
//
// The http plugin: one HTTP request, judged by status code, body patterns,
// JSON assertions and latency.
#ifndef STACKPROBE_PLUGINS_HTTP_HTTP_PROBE_H_
#define STACKPROBE_PLUGINS_HTTP_HTTP_PROBE_H_

#include <string>

#include "http_config.h"
#include "stackprobe/plugin.h"

namespace stackprobe::plugins::http {

/// The request the probe sends for `config`.
HttpRequest BuildRequest(const HttpProbeConfig& config);

/// Judges `response` against `config`: state, reason, message, samples and
/// details. Pure function (no I/O); never throws for any response.
ProbeResult EvaluateResponse(const HttpProbeConfig& config,
                             const HttpResponse& response);

/// The probe object the plugin creates. Immutable after construction; Run
/// may be called from any one thread at a time.
class HttpProbe final : public Probe {
 public:
  /// Throws std::invalid_argument on a bad config (see ParseHttpProbeConfig).
  explicit HttpProbe(const std::string& config_json);
  /// Sends the request through `context` and judges the answer. Never
  /// throws: an internal failure is state error, reason plugin_error.
  ProbeResult Run(ProbeContext& context) override;

  /// The parsed config.
  const HttpProbeConfig& config() const { return config_; }

 private:
  HttpProbeConfig config_;
};

}  // namespace stackprobe::plugins::http

#endif  // STACKPROBE_PLUGINS_HTTP_HTTP_PROBE_H_
