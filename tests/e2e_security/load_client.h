// SPDX-License-Identifier: Apache-2.0
//
// A small HTTP/1.1 load generator for the load test: one thread per
// connection, blocking sockets, keep-alive, GET of one path in a loop.
#ifndef STACKPROBE_TESTS_E2E_SECURITY_LOAD_CLIENT_H_
#define STACKPROBE_TESTS_E2E_SECURITY_LOAD_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stackprobe::testing {

/// What the load generator saw.
struct LoadStats {
  std::uint64_t requests = 0;      ///< Responses 200 with their whole body.
  std::uint64_t errors = 0;        ///< Anything else (status, I/O, timeout).
  std::uint64_t connections = 0;   ///< Connections opened.
  std::string first_error;         ///< The first error's description.
  double max_latency_seconds = 0;  ///< Slowest request.
};

/// Keeps `connections` keep-alive connections to 127.0.0.1:`port` busy with
/// `GET path` until Stop(). Thread-safe.
class LoadGenerator {
 public:
  LoadGenerator(std::uint16_t port, std::string path, int connections);
  /// Stops.
  ~LoadGenerator();
  LoadGenerator(const LoadGenerator&) = delete;
  LoadGenerator& operator=(const LoadGenerator&) = delete;

  /// Stops and joins every thread (each finishes its current request).
  void Stop();
  /// The counters so far.
  LoadStats Stats() const;

 private:
  void Run();
  void Error(const std::string& what);

  const std::uint16_t port_;
  const std::string request_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> connections_{0};
  mutable std::mutex mutex_;
  std::string first_error_;  // guarded by mutex_
  double max_latency_ = 0;   // guarded by mutex_
  std::vector<std::thread> threads_;
};

/// Opens a connection to 127.0.0.1:`port`; -1 on failure. The socket has
/// 5 s send and receive timeouts.
int ConnectLoopback(std::uint16_t port);

/// Sends all of `data` on `fd`; false on failure.
bool SendAll(int fd, const std::string& data);

/// One request on a fresh connection; the status, 0 on any failure.
int FreshGet(std::uint16_t port, const std::string& path);

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_SECURITY_LOAD_CLIENT_H_
