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
  std::string error;   ///< Why exists is false (podman's message).
};

/// Outcome of `podman healthcheck run`.
enum class HealthOutcome { kHealthy, kUnhealthy, kNoCheck, kError };

/// Runs podman for one starter run. Thread-safe: each call goes through
/// HostContext::RunCommand, which is thread-safe. Holds a reference to the
/// context, which must outlive it.
class PodmanClient {
 public:
  /// `program`: name (looked up in `path`) or path; `path`: the PATH podman
  /// runs with; `extra_env`: KEY=VALUE added to the inherited environment.
  PodmanClient(HostContext& context, std::string program, std::string path,
               const std::map<std::string, std::string>& extra_env,
               std::chrono::milliseconds timeout);

  /// Runs `podman ARGS...` with the host environment, PATH replaced.
  CommandResult Run(const std::vector<std::string>& args) const;
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
  std::vector<std::string> env_;
  std::chrono::milliseconds timeout_;
};

/// One line of a command's failure: stderr's last non-empty line, else the
/// runner's error, else the exit code. Thread-safe.
std::string DescribeFailure(const CommandResult& result);

/// Parses `podman inspect --format json` output (an array with one object).
/// Never throws; bounded nesting.
ContainerStatus ParseInspect(const std::string& json_text);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PODMAN_CLIENT_H_
