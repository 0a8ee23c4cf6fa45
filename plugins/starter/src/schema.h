// SPDX-License-Identifier: Apache-2.0
//
// JSON Schemas of the `starter` action and the `starter_status` probe.
#ifndef STACKPROBE_PLUGINS_STARTER_SCHEMA_H_
#define STACKPROBE_PLUGINS_STARTER_SCHEMA_H_

namespace stackprobe::starter {

/// Config schema of the starter action (JSON text). Every key has a
/// default; without compose_file an empty `containers` list means the legacy
/// AI stack. Keys are read by ParseStarterConfig and described in README.md.
inline constexpr const char* kStarterSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "compose_file": {"type": "string", "default": "",
                     "description": "The stack's compose file (absolute, ~/..., or relative to the working directory): its services, container names, dependencies and health checks; missing containers are created. Empty: use containers"},
    "env_file": {"type": "string", "default": "",
                 "description": "Variables for the compose file; empty: .env beside it (when present)"},
    "project_name": {"type": "string", "default": "", "pattern": "^([a-z0-9][a-z0-9_-]*)?$",
                     "description": "Compose project name; empty: COMPOSE_PROJECT_NAME, the file's name:, else its folder's name"},
    "services": {"type": "array", "items": {"type": "string", "minLength": 1},
                 "uniqueItems": true, "default": [],
                 "description": "Compose services to start (with what they depend on); empty: all without profiles"},
    "create_with": {"enum": ["auto", "podman", "podman-compose"], "default": "auto",
                    "description": "Who creates missing compose containers: auto (podman; podman-compose for services without network_mode or with keys stackprobe does not translate), podman, podman-compose"},
    "podman_compose": {"type": "string", "minLength": 1, "default": "podman-compose",
                       "description": "podman-compose program (looked up in the sanitized PATH) or path"},
    "containers": {
      "type": "array",
      "default": [],
      "description": "Containers to start; empty: the legacy AI stack. With compose_file: settings for its services (readiness, timeout, required, more depends_on), by container or service name",
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
              "probe": {"type": "string", "default": "", "format": "probe-name"}
            }
          },
          "timeout": {"type": "string", "format": "duration", "default": "0s",
                      "description": "From start to ready, at most; 0s: from the compose health check (start_period + retries x (interval + timeout)), else 180s"},
          "required": {"type": "boolean", "default": true}
        }
      }
    },
    "podman": {"type": "string", "minLength": 1, "default": "podman"},
    "setuid_dirs": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                    "default": ["/run/wrappers/bin"]},
    "path": {"type": "string", "default": "",
             "description": "Base PATH for podman; empty: the environment's"},
    "env": {"type": "object", "additionalProperties": {"type": "string"},
            "propertyNames": {"pattern": "^[^=]+$"}, "default": {},
            "description": "Extra environment variables for podman"},
    "budget": {"type": "string", "format": "duration", "default": "270s"},
    "poll_interval": {"type": "string", "format": "duration", "default": "500ms"},
    "max_poll_interval": {"type": "string", "format": "duration", "default": "5s"},
    "podman_info_retries": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 15},
    "podman_info_interval": {"type": "string", "format": "duration", "default": "2s"},
    "command_timeout": {"type": "string", "format": "duration", "default": "60s"},
    "state_file": {"type": "string", "default": "",
                   "description": "Empty: $XDG_STATE_HOME/stackprobe/last-start.json or ~/.local/state/stackprobe/last-start.json"},
    "preflight_probe": {"type": "string", "default": "", "format": "probe-name",
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
