// SPDX-License-Identifier: Apache-2.0
//
// The containers of a start when the config names a compose file, and the
// rule for what wins when the compose file and the config's `containers:`
// both say something about one container:
//  - the compose file says which containers exist (the selected `services`
//    and, transitively, what they depend on), their names, how they are
//    created, their dependencies with conditions and their health checks;
//    nothing in `containers:` changes those;
//  - a `containers:` entry, matched by container_name or service name, only
//    adds what compose cannot say: `readiness` (a stackprobe probe, or
//    `running`), `timeout` (non-zero replaces the one derived from the
//    health check), `required`, and more `depends_on` (ordering only,
//    added to the compose ones);
//  - an entry that matches no service of the file is an error.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_CONTAINERS_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_CONTAINERS_H_

#include <chrono>
#include <string>
#include <vector>

#include "compose_model.h"
#include "stackprobe/plugin_common/dotenv.h"
#include "starter_config.h"

namespace stackprobe::starter {

/// Loads config.compose_file (with config.env_file and project_name) and the
/// process environment `environment`. Throws std::invalid_argument. Reads
/// files; thread-safe.
ComposeProject LoadConfiguredCompose(
    const StarterConfig& config, const plugin_common::VariableMap& environment);

/// The readiness deadline a compose health check implies: start_period +
/// max(retries, 1) x (interval + timeout), when the container would turn
/// unhealthy under podman's own timer (Compose specification,
/// services.healthcheck). Thread-safe.
std::chrono::milliseconds HealthcheckDeadline(const ComposeHealthcheck& check);

/// The containers to start for `project` under `config` (selection,
/// precedence rule above), in the compose file's order, each with its
/// CreateRecipe. Throws std::invalid_argument ("services[1]: ...",
/// "containers[0].name: ...", or a dependency cycle). Thread-safe.
std::vector<ContainerSpec> ComposeContainers(const ComposeProject& project,
                                             const StarterConfig& config);

/// The containers of a start: config.containers without a compose file,
/// else ComposeContainers of the freshly loaded file. Throws
/// std::invalid_argument. Reads files; thread-safe.
std::vector<ContainerSpec> ResolveContainers(
    const StarterConfig& config, const plugin_common::VariableMap& environment);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_CONTAINERS_H_
