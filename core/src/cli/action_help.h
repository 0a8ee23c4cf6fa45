// SPDX-License-Identifier: Apache-2.0
//
// The options of the action plugins behind `stackprobe start` and
// `stackprobe doctor`, for their --help. The plugins parse these options
// (the CLI hands them every argument as is); keep this text in step with
// their usage lines (tests/e2e_rootless/cli_help_test.sh checks it).
#ifndef STACKPROBE_CLI_ACTION_HELP_H_
#define STACKPROBE_CLI_ACTION_HELP_H_

namespace stackprobe::cli {

/// Footer of `stackprobe start --help`: the starter action's options.
inline constexpr const char* kStartOptionsHelp =
    "Options of the starter action:\n"
    "  --dry-run                   Print the PATH podman gets and the start "
    "order; start nothing\n"
    "  --json                      Print the outcome as JSON (the state "
    "file's content) instead of the table\n"
    "  --only NAME...              Start only these containers (or compose "
    "services) and what they depend on\n"
    "\n"
    "The config's action named \"start\" runs; without one, the starter "
    "plugin with its defaults.\n"
    "Exit code: 0 every required container is ready; 1 one failed, timed out "
    "or is blocked; 2 the preflight failed (podman unavailable, the rootless "
    "preflight probe down) or bad arguments.";

/// Footer of `stackprobe doctor --help`: the doctor action's options.
inline constexpr const char* kDoctorOptionsHelp =
    "Options of the doctor action:\n"
    "  --user NAME|UID             The user whose containers must start "
    "(default: the user stackprobe runs as)\n"
    "  --path PATH                 The PATH podman is given (default: the "
    "PATH of --unit, else stackprobe's own)\n"
    "  --unit FILE                 A systemd unit whose Environment= lines "
    "give PATH, HOME and XDG_RUNTIME_DIR\n"
    "  --no-repair                 Judge PATH exactly as given (podman run "
    "by hand), not the PATH stackprobe start gives podman (setuid folders "
    "first)\n"
    "  --json                      Print the details as JSON\n"
    "\n"
    "A PATH that stackprobe start repairs is a warning (WARN, with the "
    "repair and the unit's fix); only what it cannot repair fails.\n"
    "Exit code: 0 containers can start (warnings allowed); 1 they cannot; 2 "
    "bad arguments.";

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_ACTION_HELP_H_
