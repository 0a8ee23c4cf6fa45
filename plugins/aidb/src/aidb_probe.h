// SPDX-License-Identifier: Apache-2.0
//
// Probes the AIDB MCP server: GET /health (with a cache-busting query, since
// AIDB caches /health answers for 30 s) and grades each sub-check and
// circuit breaker it reports.
#ifndef STACKPROBE_PLUGINS_AIDB_AIDB_PROBE_H_
#define STACKPROBE_PLUGINS_AIDB_AIDB_PROBE_H_

#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::aidb {

/// Extra reason: AIDB reports status "error" because its database check
/// failed.
inline constexpr const char* kReasonDatabase = "database";
/// Extra reason: AIDB reports status "error" because its redis check failed.
inline constexpr const char* kReasonRedis = "redis";

/// Grade of one sub-check value.
enum class CheckGrade { kOk, kDegraded, kError };

/// Grades the value AIDB reports for sub-check `check`: "ok…" is ok;
/// "disabled…"/"missing…" are degraded (except for database and redis, where
/// anything but ok is an error); anything else ("unavailable: …",
/// "error: …", an error text) is an error. Pure; thread-safe.
CheckGrade GradeCheck(std::string_view check, std::string_view value);

/// The aidb probe. Immutable after construction.
class AidbProbe : public Probe {
 public:
  /// Reads `config_json` (see README.md). Throws std::invalid_argument with
  /// "key: expected ..., got ..." on a semantic error.
  explicit AidbProbe(const std::string& config_json);

  /// Runs one check. Never throws: a failure inside becomes state error,
  /// reason plugin_error.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunChecked(ProbeContext& context);

  std::string base_url_;  // Without a trailing slash.
};

}  // namespace stackprobe::aidb

#endif  // STACKPROBE_PLUGINS_AIDB_AIDB_PROBE_H_
