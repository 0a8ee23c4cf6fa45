// SPDX-License-Identifier: Apache-2.0
//
// The podman commands the starter runs, through the host's command runner
// (argv, never a shell).
#ifndef STACKPROBE_PLUGINS_STARTER_PODMAN_CLIENT_H_
#define STACKPROBE_PLUGINS_STARTER_PODMAN_CLIENT_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::starter {

/// What `podman inspect` says about one container.
struct ContainerStatus {
  bool exists = false;
  bool running = false;
  std::string status;  ///< State.Status: created, running, exited, ...
  bool has_healthcheck = false;
  std::string health;  ///< State.Health(check).Status, may be empty.
  int exit_code = 0;   ///< State.ExitCode: the last run's exit code.
  std::string error;   ///< Why exists is false (podman's message).
};

/// Whether a container exists (`podman container exists`: 0 yes, 1 no).
enum class Existence { kExists, kMissing, kUnknown };

/// Variables the starter never passes to podman: systemd's notification and
/// socket-activation variables belong to stackprobe's unit. With
/// NOTIFY_SOCKET, podman makes conmon send MAINPID= and READY=1 for each
/// container to the unit's socket (podman run --sdnotify, default
/// "container"/"conmon"), which would move the unit's main PID.
inline constexpr const char* kWithheldVariables[] = {
    "NOTIFY_SOCKET",  "LISTEN_FDS",   "LISTEN_PID",
    "LISTEN_FDNAMES", "WATCHDOG_PID", "WATCHDOG_USEC"};

/// podman's environment: `inherited` (KEY=VALUE, the process's) without
/// kWithheldVariables, then `extra_env` over it, then PATH=`path`.
/// Thread-safe.
std::vector<std::string> PodmanEnvironment(
    const std::vector<std::string>& inherited,
    const std::map<std::string, std::string>& extra_env,
    const std::string& path);

/// Outcome of `podman healthcheck run`.
enum class HealthOutcome { kHealthy, kUnhealthy, kNoCheck, kError };

/// Runs podman for one starter run. Thread-safe: each call goes through
/// HostContext::RunCommand, which is thread-safe. Holds a reference to the
/// context, which must outlive it.
class PodmanClient {
 public:
  /// `program`: name (looked up in `path`) or path; `path`: the PATH podman
  /// runs with; `extra_env`: KEY=VALUE added to the process's environment
  /// (read once, here), see PodmanEnvironment.
  PodmanClient(HostContext& context, std::string program, std::string path,
               const std::map<std::string, std::string>& extra_env,
               std::chrono::milliseconds timeout);

  /// Runs `podman ARGS...` with PodmanEnvironment, bounded by the
  /// constructor's timeout.
  CommandResult Run(const std::vector<std::string>& args) const;
  /// The same with its own timeout (creating may pull an image).
  CommandResult Run(const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout) const;
  /// Runs another program (podman-compose) with podman's environment plus
  /// `extra_env` entries (KEY=VALUE).
  CommandResult RunProgram(const std::vector<std::string>& argv,
                           const std::vector<std::string>& extra_env,
                           std::chrono::milliseconds timeout) const;
  /// The podman program (name or path) given to the constructor.
  const std::string& program() const { return program_; }
  /// `podman container exists NAME`.
  Existence Exists(const std::string& name) const;
  /// `podman container inspect --format json NAME`.
  ContainerStatus Inspect(const std::string& name) const;
  /// `podman start NAME`; empty on success, else the error text.
  std::string Start(const std::string& name) const;
  /// `podman healthcheck run NAME` (exit 0 healthy, 1 unhealthy, 125 no
  /// healthcheck or not running).
  HealthOutcome Healthcheck(const std::string& name) const;

 private:
  HostContext& context_;
  std::string program_;
  std::vector<std::string> env_;  ///< The whole environment of podman.
  std::chrono::milliseconds timeout_;
};

/// One line of a command's failure: from stderr, the last `Error: ...` line
/// or the message of the last podman `level=error`/`level=fatal` log line
/// (else the last non-empty line), then " (exit code N)"; else the runner's
/// error, else the exit code or signal. Thread-safe.
std::string DescribeFailure(const CommandResult& result);

/// Parses `podman inspect --format json` output (an array with one object).
/// Never throws; bounded nesting.
ContainerStatus ParseInspect(const std::string& json_text);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PODMAN_CLIENT_H_
