// SPDX-License-Identifier: Apache-2.0
//
// A real, throw-away PostgreSQL cluster for tests: initdb in a temp folder,
// `postgres` on 127.0.0.1 and a free port, sockets in the same folder.
// As root, the server runs as the `postgres` system user (setpriv).
#ifndef STACKPROBE_TESTS_E2E_DATASTORES_POSTGRES_CLUSTER_H_
#define STACKPROBE_TESTS_E2E_DATASTORES_POSTGRES_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "child_process.h"

namespace stackprobe::testing {

/// Folder of Debian's PostgreSQL 15 server binaries.
inline constexpr const char* kPostgresBinDir = "/usr/lib/postgresql/15/bin";

/// How a PostgresCluster is set up.
struct PostgresClusterOptions {
  std::uint16_t port = 0;  ///< 0: a free one.
  /// The bootstrap superuser. The AI stack's image makes it POSTGRES_USER
  /// (`mcp`), and then no `postgres` role exists.
  std::string superuser = "postgres";
  /// The superuser may connect over TCP without a password (else TCP needs
  /// scram-sha-256 for everyone, as in the stack's image).
  bool trust_superuser_over_tcp = true;
};

/// pg_hba.conf: the Unix socket is trusted; over TCP the superuser is
/// trusted (unless the options say otherwise) and every other user must
/// authenticate with scram-sha-256.
class PostgresCluster {
 public:
  /// Creates and starts the cluster; throws std::runtime_error with the
  /// reason (missing binary, initdb output, server log) on failure.
  explicit PostgresCluster(PostgresClusterOptions options = {});
  /// Stops the server and removes the folder.
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  std::uint16_t port() const { return port_; }
  /// Folder that holds the Unix socket.
  const std::string& socket_dir() const { return dir_; }
  /// Folder for test files readable by the server user.
  const std::string& dir() const { return dir_; }

  /// Starts the server (again) and waits until it accepts connections.
  void Start();
  /// Stops the server (fast shutdown).
  void Stop();
  /// Runs `sql` as the superuser through psql (over the socket); throws
  /// with psql's output when it fails.
  void Psql(const std::string& sql, const std::string& database = "postgres");

 private:
  std::vector<std::string> AsServerUser(std::vector<std::string> argv) const;

  std::string dir_;
  std::string data_dir_;
  std::uint16_t port_ = 0;
  std::string superuser_;
  bool as_root_ = false;
  std::unique_ptr<ChildProcess> server_;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_DATASTORES_POSTGRES_CLUSTER_H_
