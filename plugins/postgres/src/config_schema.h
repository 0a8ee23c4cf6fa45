// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the postgres probe's config.
#ifndef STACKPROBE_PLUGINS_POSTGRES_CONFIG_SCHEMA_H_
#define STACKPROBE_PLUGINS_POSTGRES_CONFIG_SCHEMA_H_

namespace stackprobe::postgres {

/// The config schema (JSON text); every key has a default.
inline constexpr const char* kConfigSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "minLength": 1, "default": "127.0.0.1",
             "description": "Host name or address; ignored when unix_socket_dir is set"},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 5432},
    "unix_socket_dir": {"type": "string", "default": "",
                        "description": "Folder holding .s.PGSQL.<port>; empty uses TCP"},
    "user": {"type": "string", "minLength": 1, "default": "postgres"},
    "database": {"type": "string", "minLength": 1, "default": "postgres"},
    "password_file": {"type": "string", "default": "", "format": "secret",
                      "description": "File whose first line is the password, or with password_key a compose .env file (the stack's own: password_key POSTGRES_PASSWORD); a leading ~/ is $HOME; keep it unreadable by others; read at creation, never logged"},
    "password_key": {"type": "string", "pattern": "^([A-Za-z_][A-Za-z0-9_]*)?$", "default": "",
                     "description": "Variable of the .env file password_file whose value is the password, e.g. POSTGRES_PASSWORD; empty: password_file holds only the password"},
    "sslmode": {"enum": ["disable", "prefer", "require"], "default": "prefer"},
    "require_pgvector": {"type": "boolean", "default": true,
                         "description": "A missing vector extension makes the probe degraded"}
  }
})json";

}  // namespace stackprobe::postgres

#endif  // STACKPROBE_PLUGINS_POSTGRES_CONFIG_SCHEMA_H_
