// SPDX-License-Identifier: Apache-2.0
//
// Runs the real stackprobe binary as a child process for end-to-end tests:
// a config file of the test's own, a free loopback port, stderr captured to
// a file, and HTTP requests through the real libcurl client.
#ifndef STACKPROBE_TESTS_INTEGRATION_DAEMON_PROCESS_H_
#define STACKPROBE_TESTS_INTEGRATION_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::testing {

/// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
std::uint16_t FreeLoopbackPort();

/// A private temporary folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `content` to path()/name and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

/// The result of running a command to completion.
struct CommandOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs argv (no shell) with a timeout and returns its exit code and output.
CommandOutcome RunToCompletion(const std::vector<std::string>& argv,
                               std::chrono::milliseconds timeout,
                               const std::string& stdin_data = "");

class DaemonProcess {
 public:
  /// Starts `binary` with `args`, and waits (polling, bounded) until
  /// http://127.0.0.1:`port`/-/ready answers. Fails the test otherwise.
  DaemonProcess(const std::string& binary, const std::vector<std::string>& args,
                std::uint16_t port);
  /// Sends SIGKILL if still running.
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  bool ready() const { return ready_; }
  std::string BaseUrl() const;
  /// One request to this daemon.
  HttpResponse Request(
      const std::string& method, const std::string& path,
      std::vector<std::pair<std::string, std::string>> headers = {}) const;
  /// Sends a signal.
  void Signal(int signal_number) const;
  /// SIGTERM, then waits up to `limit`; returns the exit code (-1 when it
  /// had to be killed) and sets `took`.
  int Terminate(std::chrono::milliseconds limit,
                std::chrono::milliseconds* took = nullptr);
  /// Everything written to stderr so far.
  std::string Log() const;
  /// Polls /metrics until `needle` appears or `limit` passes.
  bool WaitForMetric(const std::string& needle,
                     std::chrono::milliseconds limit) const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_;
  std::string log_path_;
  bool ready_ = false;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_INTEGRATION_DAEMON_PROCESS_H_
