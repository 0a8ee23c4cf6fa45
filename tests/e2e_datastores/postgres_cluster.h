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

/// pg_hba.conf: user `postgres` is trusted; every other TCP user must
/// authenticate with scram-sha-256.
class PostgresCluster {
 public:
  /// Creates and starts the cluster on `port` (0: a free one); throws
  /// std::runtime_error with the reason (missing binary, initdb output,
  /// server log) on failure.
  explicit PostgresCluster(std::uint16_t port = 0);
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
  /// Runs `sql` as the superuser through psql; throws with psql's output
  /// when it fails.
  void Psql(const std::string& sql, const std::string& database = "postgres");

 private:
  std::vector<std::string> AsServerUser(std::vector<std::string> argv) const;

  std::string dir_;
  std::string data_dir_;
  std::uint16_t port_ = 0;
  bool as_root_ = false;
  std::unique_ptr<ChildProcess> server_;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_DATASTORES_POSTGRES_CLUSTER_H_
