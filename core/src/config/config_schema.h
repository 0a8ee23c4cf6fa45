// SPDX-License-Identifier: Apache-2.0
//
// The config file format, as a JSON Schema (see json_schema.h for the
// keywords understood). Checks beyond a schema (duration order, unique
// names, dependency targets and cycles) live in config_loader.cc.
#ifndef STACKPROBE_CONFIG_CONFIG_SCHEMA_H_
#define STACKPROBE_CONFIG_CONFIG_SCHEMA_H_

#include <nlohmann/json.hpp>

namespace stackprobe::config {

/// The schema of a whole config document, parsed once. The reference stays
/// valid for the life of the process; thread-safe.
const nlohmann::json& ConfigSchema();

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_CONFIG_SCHEMA_H_
