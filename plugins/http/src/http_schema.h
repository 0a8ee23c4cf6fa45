// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the http plugin's config, as the core validates it before
// the probe is created (every optional key has its default).
#ifndef STACKPROBE_PLUGINS_HTTP_HTTP_SCHEMA_H_
#define STACKPROBE_PLUGINS_HTTP_HTTP_SCHEMA_H_

namespace stackprobe::plugins::http {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kHttpConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["url"],
  "properties": {
    "url": {"type": "string", "pattern": "^https?://", "minLength": 8,
            "format": "target-url"},
    "method": {"type": "string", "default": "GET",
               "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]},
    "headers": {"type": "object", "default": {}, "format": "secret",
                "propertyNames": {"pattern": "^[^:\\r\\n ]+$"},
                "additionalProperties": {"type": "string",
                                         "pattern": "^[^\\r\\n]*$"}},
    "body": {"type": "string", "default": ""},
    "valid_status_codes": {"type": "array", "default": [],
                           "items": {"type": "integer", "minimum": 100, "maximum": 599}},
    "body_must_match": {"type": "array", "default": [],
                        "items": {"type": "string", "minLength": 1}},
    "body_must_not_match": {"type": "array", "default": [],
                            "items": {"type": "string", "minLength": 1}},
    "json_assertions": {
      "type": "array", "default": [],
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["pointer", "op"],
        "properties": {
          "pointer": {"type": "string"},
          "op": {"type": "string",
                 "enum": ["==", "!=", "<", "<=", ">", ">=", "exists", "not_exists",
                          "one_of", "regex"]},
          "value": {}
        }
      }
    },
    "degraded_after": {"type": "string", "format": "duration", "default": "0s"},
    "verify_tls": {"type": "boolean", "default": true},
    "ca_file": {"type": "string", "default": ""},
    "max_body_bytes": {"type": "integer", "minimum": 1, "maximum": 67108864,
                       "default": 1048576},
    "follow_redirects": {"type": "boolean", "default": false}
  }
})json";

}  // namespace stackprobe::plugins::http

#endif  // STACKPROBE_PLUGINS_HTTP_HTTP_SCHEMA_H_
