// SPDX-License-Identifier: Apache-2.0
//
// The podman commands that create one compose service's container, with the
// arguments podman-compose 1.0.3 (Debian 12) gives it
// (podman_compose.py: container_to_args, get_mount_args, fix_mount_dict,
// assert_volume, the labels of _parse_compose_file), except where that
// version is wrong:
//  - with `network_mode` it also adds `--net <project>_default
//    --network-alias <service>`, which podman refuses next to `--network
//    host` ("cannot set multiple networks without bridge network mode"):
//    left out;
//  - it turns a CMD health check into `/bin/sh -c a' 'b' 'c`, which breaks
//    arguments holding spaces: the test is passed as the JSON list podman
//    4.3 parses (pkg/specgenutil makeHealthCheckFromCli: a JSON array
//    starting with CMD-SHELL is kept, one without a keyword becomes CMD), so
//    `podman inspect` shows the compose file's test unchanged.
#ifndef STACKPROBE_PLUGINS_STARTER_PODMAN_CREATE_ARGS_H_
#define STACKPROBE_PLUGINS_STARTER_PODMAN_CREATE_ARGS_H_

#include <string>
#include <vector>

#include "compose_model.h"
#include "create_recipe.h"

namespace stackprobe::starter {

/// The labels podman-compose 1.0.3 puts on the service's container: the
/// service's own, then io.podman.compose.config-hash=123,
/// io.podman.compose.project, io.podman.compose.version=0.0.1,
/// com.docker.compose.project, .project.working_dir, .project.config_files,
/// .container-number=1, com.docker.compose.service. Thread-safe.
std::vector<std::string> ComposeLabels(const ComposeProject& project,
                                       const ComposeService& service);

/// The podman volume a `type: volume` mount uses: the top-level volume's
/// `name`, else its external name, else <project>_<source>, and for an
/// anonymous one <project>_<service>_<sha256(target)>. Empty for bind and
/// tmpfs mounts. Thread-safe.
std::string VolumeNameOf(const ComposeProject& project,
                         const ComposeService& service,
                         const ComposeMount& mount);

/// Arguments after `podman create` (no `-d`: the starter starts the
/// container itself), ending with the image and the command. Thread-safe.
std::vector<std::string> BuildCreateArgs(const ComposeProject& project,
                                         const ComposeService& service);

/// Named volumes of the service that podman-compose creates with labels
/// (not external ones), in mount order, without duplicates. Thread-safe.
std::vector<VolumeToCreate> VolumesToCreate(const ComposeProject& project,
                                            const ComposeService& service);

/// Bind-mount host folders, which podman-compose creates when missing.
/// Thread-safe.
std::vector<std::string> BindSources(const ComposeService& service);

/// Why BuildCreateArgs would not create the container the way podman-compose
/// does: "no network_mode (podman-compose networking)" and one
/// "unsupported key K" per key of ComposeService::unsupported. Empty when
/// the built-in creator handles the service. Thread-safe.
std::vector<std::string> BuiltinCreateBlockers(const ComposeService& service);

/// `items` as Python's json.dumps writes a list of strings (", " between
/// items, non-ASCII as \uXXXX), the form podman-compose gives --entrypoint.
/// Thread-safe.
std::string PythonJsonList(const std::vector<std::string>& items);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PODMAN_CREATE_ARGS_H_
