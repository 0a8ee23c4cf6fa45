// SPDX-License-Identifier: Apache-2.0
//
// For tests: a child process started by argv (never a shell), a free
// loopback port, and polling with a deadline.
#ifndef STACKPROBE_TESTS_E2E_DATASTORES_CHILD_PROCESS_H_
#define STACKPROBE_TESTS_E2E_DATASTORES_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackprobe::testing {

/// A port on 127.0.0.1 that was free a moment ago (bound to :0, closed).
std::uint16_t FreeLoopbackPort();

/// True when `path` is an executable file.
bool IsExecutable(const std::string& path);

/// Calls `ready` until it returns true or `timeout` passes; true on ready.
bool PollUntil(const std::function<bool()>& ready,
               std::chrono::milliseconds timeout);

/// Runs argv to completion (stdout+stderr into `output`); the exit code, or
/// -1 when it could not start or was killed.
int RunToCompletion(const std::vector<std::string>& argv, std::string& output);

/// A running child process; killed (SIGKILL) and reaped on destruction.
class ChildProcess {
 public:
  /// Starts argv[0] (looked up in PATH), its output appended to `log_path`.
  /// Throws std::runtime_error when it cannot start.
  ChildProcess(const std::vector<std::string>& argv,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Sends `signal_number` and waits up to `timeout` for the exit, then
  /// SIGKILL. Idempotent.
  void Stop(int signal_number, std::chrono::milliseconds timeout);
  /// True while the process has not exited.
  bool Running();

 private:
  pid_t pid_ = -1;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_DATASTORES_CHILD_PROCESS_H_
