// SPDX-License-Identifier: Apache-2.0
//
// Reads a compose file and its `.env` into a ComposeProject (compose_model.h),
// following the Compose specification and, where podman creates the
// containers, what podman-compose 1.0.3 (Debian 12) does with it.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_PARSER_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_PARSER_H_

#include <string>

#include "compose_model.h"
#include "stackprobe/plugin_common/dotenv.h"

namespace stackprobe::starter {

/// Where a compose project comes from.
struct ComposeSource {
  std::string file;  ///< The compose file (absolute, or relative to the cwd).
  /// The variables file; empty: `.env` beside the compose file, read when it
  /// exists. A configured file must exist.
  std::string env_file;
  /// Empty: COMPOSE_PROJECT_NAME (environment, then the variables file), then
  /// the file's top-level `name`, then the folder's name lower-cased without
  /// characters other than a-z 0-9 _ - (as podman-compose 1.0.3 does).
  std::string project_name;
  /// The process environment; it wins over the variables file (Compose
  /// specification; podman-compose 1.0.3 lets `.env` win instead).
  plugin_common::VariableMap environment;
};

/// Loads and interpolates the project. Throws std::invalid_argument with
/// "FILE: services.NAME.KEY: expected ..., got ..." for an unreadable or
/// malformed file, an unknown `depends_on` service, a bad duration, or
/// `extends` (not supported: its facts would be incomplete). Keys the
/// starter cannot turn into podman arguments are listed in
/// ComposeService::unsupported, not refused. Reads files; thread-safe.
ComposeProject LoadComposeProject(const ComposeSource& source);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_PARSER_H_
