// SPDX-License-Identifier: Apache-2.0
//
// JSON Schemas of the `starter` action and the `starter_status` probe.
#ifndef STACKPROBE_PLUGINS_STARTER_SCHEMA_H_
#define STACKPROBE_PLUGINS_STARTER_SCHEMA_H_

namespace stackprobe::starter {

/// Config schema of the starter action (JSON text). Every key has a
/// default; an empty `containers` list means the legacy AI stack. Keys are
/// read by ParseStarterConfig and described in README.md.
inline constexpr const char* kStarterSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "containers": {
      "type": "array",
      "default": [],
      "description": "Containers to start; empty: the legacy AI stack",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
          "name": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"},
          "depends_on": {"type": "array", "items": {"type": "string", "minLength": 1},
                         "uniqueItems": true, "default": []},
          "readiness": {
            "type": "object",
            "additionalProperties": false,
            "default": {"kind": "healthcheck"},
            "properties": {
              "kind": {"enum": ["healthcheck", "probe", "running"], "default": "healthcheck"},
              "probe": {"type": "string", "default": ""}
            }
          },
          "timeout": {"type": "string", "format": "duration", "default": "180s"},
          "required": {"type": "boolean", "default": true}
        }
      }
    },
    "podman": {"type": "string", "minLength": 1, "default": "podman"},
    "setuid_dirs": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                    "default": ["/run/wrappers/bin"]},
    "path": {"type": "string", "default": "",
             "description": "Base PATH for podman; empty: the environment's"},
    "env": {"type": "object", "additionalProperties": {"type": "string"}, "default": {},
            "description": "Extra environment variables for podman"},
    "budget": {"type": "string", "format": "duration", "default": "270s"},
    "poll_interval": {"type": "string", "format": "duration", "default": "500ms"},
    "max_poll_interval": {"type": "string", "format": "duration", "default": "5s"},
    "podman_info_retries": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 15},
    "podman_info_interval": {"type": "string", "format": "duration", "default": "2s"},
    "command_timeout": {"type": "string", "format": "duration", "default": "60s"},
    "state_file": {"type": "string", "default": "",
                   "description": "Empty: $XDG_STATE_HOME/stackprobe/last-start.json or ~/.local/state/stackprobe/last-start.json"},
    "preflight_probe": {"type": "string", "default": "",
                        "description": "A configured rootless probe run first; down exits 2"}
  }
})json";

/// Config schema of the starter_status probe (JSON text).
inline constexpr const char* kStatusSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "state_file": {"type": "string", "default": "",
                   "description": "Empty: the starter's default state file"},
    "max_age": {"type": "string", "format": "duration", "default": "0s",
                "description": "Older records make the probe degraded; 0s: no limit"}
  }
})json";

/// Reasons beyond plugin.h's that the starter_status probe reports.
inline constexpr const char* const kStatusExtraReasons[] = {
    "start_failed", "no_record", "stale", nullptr};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_SCHEMA_H_
