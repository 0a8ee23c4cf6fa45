// SPDX-License-Identifier: Apache-2.0
//
// The telemetry probe: counts events in one JSON-lines telemetry file of
// the AI stack (aidb-events.jsonl, hybrid-events.jsonl).
#ifndef STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_PROBE_H_
#define STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_PROBE_H_

#include <string>

#include "stackprobe/plugin.h"
#include "telemetry_tail.h"

namespace stackprobe::sdk {
class ConfigReader;
}  // namespace stackprobe::sdk

namespace stackprobe::telemetry {

/// Reads its file incrementally across runs (state lives in the object).
/// Run is never called concurrently on one object (plugin.h).
class TelemetryProbe final : public Probe {
 public:
  /// Reads the config the host passes (validated against kConfigSchema,
  /// defaults filled in); expands "~/" in `path` from $HOME.
  explicit TelemetryProbe(const std::string& config_json);

  /// Reads what was appended since the last run; never throws.
  ProbeResult Run(ProbeContext& context) override;

  /// The expanded path of the file.
  const std::string& path() const { return path_; }

 private:
  explicit TelemetryProbe(const sdk::ConfigReader& config);
  ProbeResult RunUnguarded(ProbeContext& context);

  std::string path_;
  TelemetryTail tail_;
};

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_PROBE_H_
