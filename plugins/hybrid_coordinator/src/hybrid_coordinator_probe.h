// SPDX-License-Identifier: Apache-2.0
//
// The hybrid_coordinator plugin: /health and /stats of the hybrid
// coordinator (aiohttp service, port 8092).
#ifndef STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_PROBE_H_
#define STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_PROBE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::plugins::hybrid_coordinator {

/// Most collection_info samples per run.
inline constexpr std::size_t kMaxCollections = 32;

/// The probe object the plugin creates. Immutable after construction.
class HybridCoordinatorProbe final : public Probe {
 public:
  /// Reads base_url and stats_check; throws std::invalid_argument.
  explicit HybridCoordinatorProbe(const std::string& config_json);
  /// GET /health and /stats concurrently and judges them. Never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnchecked(ProbeContext& context) const;

  std::string base_url_;
  bool stats_check_ = false;
};

}  // namespace stackprobe::plugins::hybrid_coordinator

#endif  // STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_PROBE_H_
