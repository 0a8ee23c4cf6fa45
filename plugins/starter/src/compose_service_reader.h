// SPDX-License-Identifier: Apache-2.0
//
// One entry of a compose file's `services`, read into a ComposeService.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_SERVICE_READER_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_SERVICE_READER_H_

#include <yaml-cpp/yaml.h>

#include <string>

#include "compose_model.h"

namespace stackprobe::starter {

/// `node[key]` when `node` is a mapping holding `key`, else an undefined
/// node (IsDefined() false; IsMap(), IsScalar() ... false). yaml-cpp's own
/// lookup of a missing key returns a node whose type queries throw.
/// Thread-safe for a node not modified meanwhile.
YAML::Node YamlChild(const YAML::Node& node, const std::string& key);

/// Reads the service `name` (its mapping `node`, merge keys already
/// applied) of `project` (whose name, dir and variables are set): every
/// scalar is interpolated with project.variables; relative host paths are
/// relative to project.dir, `~` is `home`. Keys without a podman argument
/// go to `unsupported`. Throws std::invalid_argument("FILE_LABEL:
/// services.NAME.KEY: expected ..., got ...") for a malformed value and for
/// `extends`. Thread-safe.
ComposeService ReadComposeService(const ComposeProject& project,
                                  const std::string& file_label,
                                  const std::string& home,
                                  const std::string& name,
                                  const YAML::Node& node);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_SERVICE_READER_H_
