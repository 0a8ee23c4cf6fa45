// SPDX-License-Identifier: Apache-2.0
//
// One PostgreSQL connection driven by libpq's asynchronous API, so that
// every step (connect, authenticate, query) is bounded by the run's deadline.
#ifndef STACKPROBE_PLUGINS_POSTGRES_PG_CLIENT_H_
#define STACKPROBE_PLUGINS_POSTGRES_PG_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "stackprobe/plugin.h"

struct pg_conn;

namespace stackprobe::postgres {

/// Why a connection attempt or query failed.
enum class PgFailure : std::uint8_t {
  kNone,        ///< No failure.
  kRefused,     ///< Nothing listens (TCP refused, Unix socket missing).
  kTimeout,     ///< The deadline passed or the run was cancelled.
  kDns,         ///< The host name did not resolve.
  kTls,         ///< TLS negotiation failed (sslmode require, handshake).
  kAuth,        ///< Authentication refused, or no such role or database.
  kConnection,  ///< Any other connection failure.
  kQuery,       ///< Connected, but a query failed.
};

/// Where and as whom to connect. `password` is held in memory only.
struct PgConnectParams {
  std::string host;             ///< Used when unix_socket_dir is empty.
  std::uint16_t port = 0;       ///< TCP port, or the socket file suffix.
  std::string unix_socket_dir;  ///< Folder of .s.PGSQL.<port>; wins over host.
  std::string user;
  std::string database;
  std::string password;  ///< Empty: none (trust, peer).
  std::string sslmode;   ///< disable, prefer or require.
};

/// Maps a libpq connection error text to a failure class. libpq gives no
/// error code for connection failures, only (English) text.
PgFailure ClassifyConnectError(const std::string& message);

/// A connection to one server. Not thread-safe; lives for one probe run.
class PgClient {
 public:
  /// `context` supplies the deadline and cancellation; it must outlive
  /// this object.
  explicit PgClient(const HostContext& context);
  ~PgClient();
  PgClient(const PgClient&) = delete;
  PgClient& operator=(const PgClient&) = delete;

  /// Connects and authenticates. On false, `failure` and `error` say why.
  bool Connect(const PgConnectParams& params, PgFailure& failure,
               std::string& error);
  /// Runs `sql` (one statement) and stores the first column of the first
  /// row in `value` (nullopt when there is no row or it is NULL).
  bool QueryFirstValue(const std::string& sql,
                       std::optional<std::string>& value, PgFailure& failure,
                       std::string& error);
  /// A server parameter reported at startup ("server_version", ...), or "".
  std::string ServerParameter(const char* name) const;

 private:
  /// Waits until the socket is readable or writable (per `for_write`).
  /// False on deadline or cancellation.
  bool WaitSocket(bool for_write) const;

  const HostContext& context_;
  pg_conn* conn_ = nullptr;
};

}  // namespace stackprobe::postgres

#endif  // STACKPROBE_PLUGINS_POSTGRES_PG_CLIENT_H_
