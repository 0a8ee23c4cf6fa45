// SPDX-License-Identifier: Apache-2.0
//
// The real stackprobe binary as a child process for the security tests:
// unlike the integration DaemonProcess it may speak TLS and basic auth, so
// readiness is the caller's check, and it exposes the pid for /proc samples.
#ifndef STACKPROBE_TESTS_E2E_SECURITY_SECURE_DAEMON_H_
#define STACKPROBE_TESTS_E2E_SECURITY_SECURE_DAEMON_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stackprobe::testing {

/// Runs `STACKPROBE_BINARY args...` until destroyed (SIGKILL then).
class SecureDaemon {
 public:
  /// Starts the binary and polls `ready` (every 20 ms, up to 15 s) until it
  /// returns true or the process exits; see ready().
  SecureDaemon(const std::vector<std::string>& args,
               const std::function<bool()>& ready);
  ~SecureDaemon();
  SecureDaemon(const SecureDaemon&) = delete;
  SecureDaemon& operator=(const SecureDaemon&) = delete;

  bool ready() const { return ready_; }
  pid_t pid() const { return pid_; }
  /// Everything the daemon wrote to stderr so far.
  std::string Log() const;
  /// VmRSS of the process in bytes (from /proc/PID/status); 0 if unknown.
  std::int64_t RssBytes() const;
  /// Open file descriptors of the process (entries of /proc/PID/fd).
  int OpenFds() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  bool ready_ = false;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_SECURITY_SECURE_DAEMON_H_
