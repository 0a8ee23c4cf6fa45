// SPDX-License-Identifier: Apache-2.0
//
// How the starter creates a container that does not exist: the podman
// commands built from its compose service (plain data).
#ifndef STACKPROBE_PLUGINS_STARTER_CREATE_RECIPE_H_
#define STACKPROBE_PLUGINS_STARTER_CREATE_RECIPE_H_

#include <string>
#include <vector>

namespace stackprobe::starter {

/// A named volume to create (with the project's labels) when it does not
/// exist, before the container that mounts it.
struct VolumeToCreate {
  std::string name;
  std::vector<std::string> create_args;  ///< After `podman volume create`.
};

/// The creation of one compose service's container.
struct CreateRecipe {
  std::string service;                    ///< Compose service name.
  std::vector<std::string> create_args;   ///< After `podman create`.
  std::vector<VolumeToCreate> volumes;    ///< Created first when missing.
  std::vector<std::string> bind_sources;  ///< Host folders made when missing.
  /// Why the built-in creator would not match podman-compose (see
  /// BuiltinCreateBlockers); empty when it does.
  std::vector<std::string> blockers;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_CREATE_RECIPE_H_
