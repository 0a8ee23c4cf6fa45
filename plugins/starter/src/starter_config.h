// SPDX-License-Identifier: Apache-2.0
//
// The starter's configuration, typed, with every default written out.
#ifndef STACKPROBE_PLUGINS_STARTER_STARTER_CONFIG_H_
#define STACKPROBE_PLUGINS_STARTER_STARTER_CONFIG_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "create_recipe.h"
#include "depends_condition.h"

namespace stackprobe::starter {

/// How a container is judged ready once started.
enum class ReadinessKind {
  kHealthcheck,  ///< `podman healthcheck run` exits 0 (running when none).
  kProbe,        ///< A configured stackprobe probe reports up or degraded.
  kRunning,      ///< podman inspect says the container runs.
  kCompleted,    ///< It exited with 0 (a compose dependant waits with
                 ///< service_completed_successfully).
};

/// A container's timeout when none is configured and no compose health
/// check gives one.
inline constexpr std::chrono::milliseconds kDefaultContainerTimeout{180'000};

/// One container the starter brings up.
struct ContainerSpec {
  std::string name;                     ///< podman container name.
  std::vector<std::string> depends_on;  ///< Names of other ContainerSpecs.
  ReadinessKind readiness = ReadinessKind::kHealthcheck;
  /// Probe name for kProbe; when that probe is not configured the starter
  /// falls back to the healthcheck.
  std::string probe;
  /// From `podman start` to ready, at most. In a `containers:` entry of a
  /// compose config, 0 means "from the compose health check".
  std::chrono::milliseconds timeout{kDefaultContainerTimeout};
  /// A failure of a required container makes the run exit 1.
  bool required = true;
  /// When this container may start relative to each dependency; a
  /// dependency not listed waits for kHealthy (ready).
  std::map<std::string, DependsCondition> conditions;
  /// Compose service name; empty for a hand-written container.
  std::string service;
  /// How to create it when it does not exist; empty: it must exist.
  std::optional<CreateRecipe> create;
};

/// Who creates a compose service's missing container.
enum class CreateWith {
  kAuto,           ///< The starter, unless the service has keys only
                   ///< podman-compose handles; then podman-compose.
  kPodman,         ///< Always the starter (`podman create`).
  kPodmanCompose,  ///< Always `podman-compose up --no-start SERVICE`.
};

/// Everything the starter action reads from its config object (the
/// defaults are kStarterSchema's, schema.h).
struct StarterConfig {
  /// Without compose_file: the containers to start (the legacy stack when
  /// none are configured). With it: settings for compose services matched
  /// by container or service name (see ResolveContainers).
  std::vector<ContainerSpec> containers;
  std::string compose_file;  ///< Empty: no compose file.
  std::string env_file;      ///< Empty: `.env` beside the compose file.
  std::string project_name;  ///< Empty: from the compose file.
  std::vector<std::string> services;  ///< Empty: every service.
  CreateWith create_with = CreateWith::kAuto;
  std::string podman_compose;  ///< Program or path.
  std::string podman;          ///< Program name (looked up) or path.
  std::vector<std::string> setuid_dirs;
  std::string path;  ///< Base PATH; empty: the environment's PATH.
  /// Extra KEY=VALUE entries for podman's environment (CONTAINERS_CONF...).
  std::map<std::string, std::string> env;
  std::chrono::milliseconds budget{0};
  std::chrono::milliseconds poll_interval{0};
  std::chrono::milliseconds max_poll_interval{0};
  int podman_info_retries = 0;
  std::chrono::milliseconds podman_info_interval{0};
  /// Timeout of each podman call.
  std::chrono::milliseconds command_timeout{0};
  std::string state_file;       ///< Empty: DefaultStateFile().
  std::string preflight_probe;  ///< Empty: no preflight probe.
};

/// The state file used when none is configured:
/// $XDG_STATE_HOME/stackprobe/last-start.json, else
/// $HOME/.local/state/stackprobe/last-start.json, else a relative
/// "last-start.json" when neither variable is set. Reads the environment.
std::string DefaultStateFile();

/// The legacy AI stack: postgres, redis, qdrant, embeddings and llama-cpp,
/// then aidb and hybrid-coordinator (probe readiness `aidb` and
/// `hybrid_coordinator`, falling back to the healthcheck). Thread-safe.
std::vector<ContainerSpec> DefaultContainers();

/// Reads the config the host passes (validated against kStarterSchema,
/// every default filled in; without compose_file an empty `containers`
/// list means DefaultContainers() and a timeout of 0s means
/// kDefaultContainerTimeout). Reads no compose file (ResolveContainers
/// does). Throws std::invalid_argument("key: expected ..., got ...") for
/// what the schema cannot say: zero durations, duplicate names, unknown or
/// cyclic dependencies (without compose_file), a probe readiness without
/// probe, compose keys without compose_file.
StarterConfig ParseStarterConfig(const std::string& config_json);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_STARTER_CONFIG_H_
