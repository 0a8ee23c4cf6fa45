// SPDX-License-Identifier: Apache-2.0
//
// The postgres probe: connect, authenticate, `SELECT 1`, and look for the
// pgvector extension.
#ifndef STACKPROBE_PLUGINS_POSTGRES_POSTGRES_PROBE_H_
#define STACKPROBE_PLUGINS_POSTGRES_POSTGRES_PROBE_H_

#include <string>

#include "pg_client.h"
#include "stackprobe/plugin.h"

namespace stackprobe::postgres {

/// Extra reason: authentication failed, or the role or database is missing.
inline constexpr const char* kReasonAuth = "auth";
/// Extra reason: the `vector` extension is not installed (require_pgvector).
inline constexpr const char* kReasonExtensionMissing = "extension_missing";

/// Probes one PostgreSQL server. Run is not called concurrently on one
/// object (plugin.h); the object keeps no state between runs.
class PostgresProbe final : public Probe {
 public:
  /// Parses the config (JSON text, validated against kConfigSchema); "~/"
  /// in `password_file` is $HOME. Throws std::invalid_argument with
  /// "key: ..." for a config that cannot work (password_key without
  /// password_file). The password itself is read at every run.
  explicit PostgresProbe(const std::string& config_json);

  /// Connects, queries and reports; never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnguarded(ProbeContext& context);

  PgConnectParams params_;     ///< Without the password.
  std::string password_file_;  ///< Expanded; empty: no password.
  std::string password_key_;
  bool require_pgvector_ = false;
};

}  // namespace stackprobe::postgres

#endif  // STACKPROBE_PLUGINS_POSTGRES_POSTGRES_PROBE_H_
