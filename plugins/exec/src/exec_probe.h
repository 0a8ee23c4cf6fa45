// SPDX-License-Identifier: Apache-2.0
//
// The exec probe: runs a check program by argv through the host's command
// runner and reads its verdict, Monitoring Plugins (Nagios) style or JSON.
#ifndef STACKPROBE_PLUGINS_EXEC_EXEC_PROBE_H_
#define STACKPROBE_PLUGINS_EXEC_EXEC_PROBE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::exec {

/// Runs one configured check per Run. Keeps no state between runs; Run is
/// never called concurrently on one object (plugin.h).
class ExecProbe final : public Probe {
 public:
  /// Parses the config (JSON text, validated against kConfigSchema); throws
  /// std::invalid_argument "key: ..." for an env name the schema cannot
  /// reject (empty or with '=').
  explicit ExecProbe(const std::string& config_json);

  /// Runs the check until it exits or the context's deadline (then its
  /// process group is killed); never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnguarded(ProbeContext& context);

  std::vector<std::string> argv_;
  std::vector<std::string> env_;  ///< KEY=VALUE, LC_ALL=C first.
  bool inherit_env_ = false;
  bool json_output_ = false;
  std::size_t max_output_bytes_ = 0;
  std::size_t max_metrics_ = 0;
};

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_EXEC_PROBE_H_
