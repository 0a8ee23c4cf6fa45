// SPDX-License-Identifier: Apache-2.0
//
// What the starter reads from a compose file: the subset of the Compose
// specification (https://github.com/compose-spec/compose-spec) the AI stack
// uses, after `.env` interpolation, as plain data. LoadComposeProject
// (compose_parser.h) fills it; BuildCreateArgs (podman_create_args.h) turns
// one service into `podman create` arguments.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_MODEL_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_MODEL_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "depends_condition.h"
#include "stackprobe/plugin_common/dotenv.h"

namespace stackprobe::starter {

/// One `depends_on` entry.
struct ComposeDependency {
  std::string service;  ///< Name of another service of the file.
  DependsCondition condition = DependsCondition::kStarted;  ///< Its wait.
};

/// A service's `healthcheck`. Durations keep their text for podman (which
/// parses the same Go-style durations) and are parsed for the starter's
/// own deadline.
struct ComposeHealthcheck {
  /// `test` as a list: ["CMD", arg...], ["CMD-SHELL", command] or ["NONE"]; a
  /// string test is stored as ["CMD-SHELL", string].
  std::vector<std::string> test;
  bool disable = false;      ///< `disable: true`: no health check at all.
  std::string interval;      ///< As written; empty when absent.
  std::string timeout;       ///< As written; empty when absent.
  std::string start_period;  ///< As written; empty when absent.
  std::string retries;       ///< As written (an integer); empty when absent.
  /// Parsed values, with the Compose defaults (30 s, 30 s, 0 s, 3) for
  /// absent keys.
  std::chrono::milliseconds interval_value{30'000};  ///< interval
  std::chrono::milliseconds timeout_value{30'000};   ///< timeout
  std::chrono::milliseconds start_period_value{0};   ///< start_period
  int retries_value = 3;                             ///< retries
};

/// One entry of a service's `volumes`, short or long syntax.
struct ComposeMount {
  std::string type;    ///< "bind", "volume" or "tmpfs".
  std::string source;  ///< bind: absolute host path; volume: the key in the
                       ///< top-level `volumes` (empty: anonymous).
  std::string target;  ///< Path in the container.
  std::optional<bool> read_only;         ///< ro / rw when given.
  std::vector<std::string> propagation;  ///< bind propagation, z, Z, ...
  std::string tmpfs_size;                ///< tmpfs only.
  std::string tmpfs_mode;                ///< tmpfs only.
};

/// A top-level `volumes` entry.
struct ComposeVolume {
  std::string name;           ///< `name:`; empty: derived from the project.
  bool external = false;      ///< `external:` true or a mapping.
  std::string external_name;  ///< `external: {name: ...}`.
  std::vector<std::string> labels;  ///< "key=value".
};

/// One service, interpolated. Lists keep the file's order.
struct ComposeService {
  std::string name;            ///< Key under `services`.
  std::string container_name;  ///< `container_name`, else
                               ///< <project>_<service>_1 (podman-compose).
  std::string image;  ///< `image`, else <project>_<service> (podman-compose).
  std::string network_mode;  ///< Empty when absent.
  /// `command` as words (a string is split as podman-compose splits it).
  std::optional<std::vector<std::string>> command;
  /// `entrypoint` as words.
  std::optional<std::vector<std::string>> entrypoint;
  std::vector<std::string> environment;  ///< "KEY=VALUE", or "KEY" (null).
  std::vector<std::string> env_files;    ///< Absolute paths.
  std::vector<ComposeMount> volumes;     ///< `volumes`, in order.
  std::vector<std::string> labels;       ///< The service's own, "key=value".
  // The keys below keep the value written (interpolated); each is one
  // podman option (see BuildCreateArgs).
  std::optional<std::string> user;         ///< -u
  std::optional<std::string> restart;      ///< --restart
  std::optional<std::string> working_dir;  ///< -w
  std::optional<std::string> hostname;     ///< --hostname
  std::optional<std::string> shm_size;     ///< --shm-size
  std::optional<std::string> stop_signal;  ///< --stop-signal
  std::optional<std::string> pull_policy;  ///< --pull (unless "build")
  std::vector<std::string> security_opt;   ///< --security-opt each
  std::vector<std::string> cap_add;        ///< --cap-add each
  std::vector<std::string> cap_drop;       ///< --cap-drop each
  std::vector<std::string> devices;        ///< --device each
  std::vector<std::string> tmpfs;          ///< --tmpfs each
  std::vector<std::string> extra_hosts;    ///< --add-host each, host:ip
  std::vector<std::string> expose;         ///< --expose each
  std::vector<std::string> ports;          ///< -p each, short-syntax strings.
  std::vector<std::string> ulimits;  ///< "name=soft:hard" or "name=value".
  bool read_only = false;            ///< --read-only
  bool privileged = false;           ///< --privileged
  bool init = false;                 ///< --init
  bool tty = false;                  ///< --tty
  bool stdin_open = false;           ///< -i
  /// `logging`: driver (default k8s-file, as podman-compose) and options.
  std::optional<std::string> log_driver;
  std::vector<std::pair<std::string, std::string>> log_options;
  std::string cpus;                ///< deploy.resources.limits.cpus or cpus.
  std::string cpu_shares;          ///< cpu_shares.
  std::string memory;              ///< limits.memory or mem_limit.
  std::string memory_reservation;  ///< reservations.memory or mem_reservation.
  std::optional<ComposeHealthcheck> healthcheck;  ///< Absent: none.
  std::vector<ComposeDependency> depends_on;      ///< In the file's order.
  std::vector<std::string> profiles;  ///< Non-empty: only started if named.
  /// Keys this reader does not turn into podman arguments (besides those that
  /// never change `podman create`: build, depends_on, profiles, x-...).
  std::vector<std::string> unsupported;
};

/// A compose file, loaded.
struct ComposeProject {
  std::string name;  ///< Project name (labels, default names).
  std::string file;  ///< The compose file as configured.
  std::string dir;   ///< Its folder, absolute, symlinks resolved.
  std::vector<ComposeService> services;          ///< In the file's order.
  std::map<std::string, ComposeVolume> volumes;  ///< Top-level `volumes`.
  /// Variables the file was interpolated with (environment over `.env`).
  plugin_common::VariableMap variables;
  /// Variables read from the `.env` (or configured env_file) only.
  plugin_common::VariableMap dotenv;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_MODEL_H_
