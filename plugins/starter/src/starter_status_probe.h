// SPDX-License-Identifier: Apache-2.0
//
// The `starter_status` probe: exports the outcome of the last
// `stackprobe start` from the starter's state file.
#ifndef STACKPROBE_PLUGINS_STARTER_STARTER_STATUS_PROBE_H_
#define STACKPROBE_PLUGINS_STARTER_STARTER_STATUS_PROBE_H_

#include <chrono>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::starter {

/// Reads the state file on every run (bounded to 1 MiB). Up when the last
/// start succeeded, down (reason start_failed) when it failed, degraded
/// (reason no_record) when there is no state file, down (bad_body) when it
/// is unreadable, degraded (stale) when older than max_age. Objects are
/// independent; Run is not called concurrently on one object.
class StarterStatusProbe final : public Probe {
 public:
  /// Parses the config (see kStatusSchema); throws std::invalid_argument.
  explicit StarterStatusProbe(const std::string& config_json);

  /// Never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunChecked();

  std::string state_file_;
  std::chrono::milliseconds max_age_{0};
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_STARTER_STATUS_PROBE_H_
