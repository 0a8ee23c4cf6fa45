// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the redis probe's config.
#ifndef STACKPROBE_PLUGINS_REDIS_CONFIG_SCHEMA_H_
#define STACKPROBE_PLUGINS_REDIS_CONFIG_SCHEMA_H_

namespace stackprobe::redis {

/// The config schema (JSON text); every key has a default.
inline constexpr const char* kConfigSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "minLength": 1, "default": "127.0.0.1"},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 6379},
    "unix_socket": {"type": "string", "default": "",
                    "description": "Path of the Unix socket; wins over host and port"},
    "username": {"type": "string", "default": "",
                 "description": "ACL user for AUTH; needs password_file"},
    "password_file": {"type": "string", "default": "", "format": "secret",
                      "description": "File whose first line is the AUTH password; never logged"}
  }
})json";

}  // namespace stackprobe::redis

#endif  // STACKPROBE_PLUGINS_REDIS_CONFIG_SCHEMA_H_
