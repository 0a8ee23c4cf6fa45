// SPDX-License-Identifier: Apache-2.0
//
// The llama_cpp plugin: health, loaded model and (optionally) relayed
// metrics of a llama.cpp server.
#ifndef STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_PROBE_H_
#define STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_PROBE_H_

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::plugins::llama_cpp {

/// Longest model id exported in model_info, in bytes.
inline constexpr std::size_t kMaxModelIdBytes = 128;
/// Most relayed /metrics samples per run.
inline constexpr std::size_t kMaxRelayedSamples = 50;

/// Appends to `result` one sample per line of the Prometheus text
/// `exposition` whose metric name is in `allowed` and has no labels, named
/// "relay_" + the name with every character outside [a-zA-Z0-9_] turned
/// into '_', at most kMaxRelayedSamples. Names ending in _total become
/// counters, the rest gauges. Never throws on malformed text.
void RelayMetrics(std::string_view exposition,
                  const std::set<std::string>& allowed, ProbeResult& result);

/// The probe object the plugin creates. Immutable after construction.
class LlamaCppProbe final : public Probe {
 public:
  /// Reads base_url, models_check and relay_metrics from the config JSON;
  /// throws std::invalid_argument("key: expected ..., got ...").
  explicit LlamaCppProbe(const std::string& config_json);
  /// GET /health, /v1/models (always: the model is reported while it
  /// loads too) and /metrics (when relaying) concurrently, and judges them.
  /// Never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnchecked(ProbeContext& context) const;

  std::string base_url_;
  bool models_check_ = false;
  std::set<std::string> relay_metrics_;
};

}  // namespace stackprobe::plugins::llama_cpp

#endif  // STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_PROBE_H_
