// SPDX-License-Identifier: Apache-2.0
//
// A real redis-server on 127.0.0.1 and a free port, for tests.
#ifndef STACKPROBE_TESTS_E2E_DATASTORES_REDIS_SERVER_H_
#define STACKPROBE_TESTS_E2E_DATASTORES_REDIS_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "child_process.h"

namespace stackprobe::testing {

/// Path of the redis-server binary the tests use.
inline constexpr const char* kRedisServerBinary = "/usr/bin/redis-server";

/// Starts redis-server (no persistence) and waits until it answers PING.
/// Throws std::runtime_error with the reason when it cannot.
class RedisServer {
 public:
  /// `password` empty: no AUTH required. `port` 0: a free one.
  explicit RedisServer(const std::string& password = "",
                       std::uint16_t port = 0);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// Stops the server (SIGTERM); the port then refuses connections.
  void Stop();

 private:
  std::string dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

/// Sends one RESP command on a fresh TCP connection and returns the raw
/// reply ("" when nothing answers).
std::string RedisRawCommand(std::uint16_t port, const std::string& resp);

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_DATASTORES_REDIS_SERVER_H_
