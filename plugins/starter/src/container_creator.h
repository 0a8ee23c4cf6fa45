// SPDX-License-Identifier: Apache-2.0
//
// Creates the container of a compose service that does not exist: by
// itself (volumes, bind folders, `podman create` with podman-compose's
// arguments, see podman_create_args.h) or through `podman-compose up
// --no-start SERVICE` where podman-compose works and the built-in way
// would not match it (create_with).
#ifndef STACKPROBE_PLUGINS_STARTER_CONTAINER_CREATOR_H_
#define STACKPROBE_PLUGINS_STARTER_CONTAINER_CREATOR_H_

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "podman_client.h"
#include "starter_config.h"

namespace stackprobe::starter {

/// What one creation did.
struct CreateOutcome {
  bool created = false;  ///< The container exists now.
  std::string via;       ///< "podman" or "podman-compose".
  std::string error;     ///< Why not, when !created.
};

/// Creates compose containers for one start. Thread-safe: podman-compose
/// runs one at a time (it creates shared networks and volumes without
/// locking), volumes are created one at a time; `podman create` calls run in
/// parallel. References must outlive the object.
class ContainerCreator {
 public:
  /// `podman_compose`: the program (a path, or found in `search_path`);
  /// `compose_file` and `project`: passed to podman-compose as -f and -p;
  /// `compose_env`: KEY=VALUE entries added to podman-compose's environment
  /// (the configured env_file's variables).
  ContainerCreator(const PodmanClient& podman, CreateWith mode,
                   std::string podman_compose, std::string search_path,
                   std::string compose_file, std::string project,
                   std::vector<std::string> compose_env);

  /// Creates `spec`'s container (spec.create must be set) within `timeout`.
  /// Never throws.
  CreateOutcome Create(const ContainerSpec& spec,
                       std::chrono::milliseconds timeout) const;

 private:
  CreateOutcome CreateBuiltin(const ContainerSpec& spec,
                              std::chrono::milliseconds timeout) const;
  CreateOutcome CreateWithCompose(const ContainerSpec& spec,
                                  const std::string& program,
                                  std::chrono::milliseconds timeout) const;
  std::string EnsureVolume(const VolumeToCreate& volume,
                           std::chrono::milliseconds timeout) const;

  const PodmanClient& podman_;
  CreateWith mode_;
  std::string podman_compose_;
  std::string search_path_;
  std::string compose_file_;
  std::string project_;
  std::vector<std::string> compose_env_;
  mutable std::mutex compose_mutex_;
  mutable std::mutex volume_mutex_;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_CONTAINER_CREATOR_H_
