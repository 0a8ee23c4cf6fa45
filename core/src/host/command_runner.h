// SPDX-License-Identifier: Apache-2.0
//
// Runs a command for a plugin: by argv with execve semantics (never through
// a shell), in its own process group, bounded by a timeout and the deadline.
#ifndef STACKPROBE_HOST_COMMAND_RUNNER_H_
#define STACKPROBE_HOST_COMMAND_RUNNER_H_

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::host {

/// Runs `request` and waits for it. argv[0] without a '/' is looked up in the
/// PATH of the child's environment (request.env, over the host's environment
/// when inherit_env), not in the host's own PATH; when that environment has
/// no PATH, the system default (confstr _CS_PATH) is searched, as execvp
/// does. The child gets its own process group, only fds 0-2, default signal
/// dispositions and an empty signal mask. At the earlier of request.timeout
/// (when non-zero) and `deadline`, or once `*cancelled` (may be null) turns
/// true, the group gets SIGTERM and, 1 s later, SIGKILL. stdout and stderr
/// keep their first max_output_bytes each; the rest is read and dropped so
/// the child never blocks on a full pipe. Thread-safe; blocks the caller.
CommandResult RunCommand(const CommandRequest& request,
                         std::chrono::steady_clock::time_point deadline,
                         const std::atomic<bool>* cancelled = nullptr);

/// Finds `name` (no '/') in the ':'-separated `search_path`: the first
/// regular, executable file. Empty entries and relative folders are skipped
/// (they would depend on the host's working directory). Returns the full
/// path, or "" when not found.
std::string FindInPath(const std::string& name, const std::string& search_path);

/// The environment the child of `request` gets, as KEY=VALUE entries: the
/// request's entries, over a copy of the host's environment when
/// request.inherit_env. Later request entries win over earlier ones.
std::vector<std::string> ChildEnvironment(const CommandRequest& request);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_COMMAND_RUNNER_H_
