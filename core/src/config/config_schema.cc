// SPDX-License-Identifier: Apache-2.0
#include "config/config_schema.h"

namespace stackprobe::config {
namespace {

// Probe, sink and action names end up in label values and URLs
// (/probe?probe=NAME), hence the narrow alphabet. Plugin names are file
// names and metric name parts (stackprobe_<plugin>_...).
constexpr const char* kSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "listen": {
      "type": "array", "items": {"type": "string"}, "uniqueItems": true,
      "default": ["127.0.0.1:9877"]
    },
    "plugin_dirs": {
      "type": "array", "items": {"type": "string", "minLength": 1},
      "default": []
    },
    "workers": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4},
    "log_level": {
      "enum": ["debug", "info", "warning", "error"], "default": "info"
    },
    "defaults": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "interval": {"type": ["string", "number"], "format": "duration",
                     "default": "15s"},
        "timeout": {"type": ["string", "number"], "format": "duration",
                    "default": "5s"}
      }
    },
    "api": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "actions_enabled": {"type": "boolean", "default": false},
        "allowed_hosts": {
          "type": "array", "default": [],
          "items": {"type": "string", "pattern": "^[A-Za-z0-9.-]{1,253}$"}
        }
      }
    },
    "exposition": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "description": "What /metrics carries",
      "properties": {
        "probe_series": {
          "enum": ["lean", "full"], "default": "lean",
          "description": "Per-probe core series: lean (what the shipped dashboards and alerts read: success, state, duration, last run, interval, and blocked and dependency_info for probes with depends_on) or full (also runs_total, failures_total by reason, skipped_runs_total and timeout_seconds); docs/metrics.md"
        }
      }
    },
    "probes": {
      "type": "array",
      "default": [],
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "plugin"],
        "properties": {
          "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
          "plugin": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"},
          "interval": {"type": ["string", "number"], "format": "duration"},
          "timeout": {"type": ["string", "number"], "format": "duration"},
          "depends_on": {
            "type": "array", "items": {"type": "string"},
            "uniqueItems": true, "default": []
          },
          "skip_while_blocked": {"type": "boolean", "default": false},
          "allow_target": {"type": "boolean", "default": false},
          "labels": {
            "type": "object", "additionalProperties": {"type": "string"},
            "default": {}
          },
          "isolate": {"type": "boolean", "default": false},
          "duration_histogram": {
            "description": "A histogram of this probe's run durations across runs (stackprobe_probe_run_duration_seconds): true for buckets from 1 ms to 10 s, or the upper bounds in seconds, strictly increasing. Off by default: each probe adds buckets + 2 series.",
            "type": ["boolean", "array"], "default": false,
            "items": {"type": "number", "exclusiveMinimum": 0},
            "minItems": 1, "maxItems": 30
          },
          "config": {"type": "object", "default": {}}
        }
      }
    },
    "sinks": {"type": "array", "default": [], "items": {"$ref": "instance"}},
    "actions": {"type": "array", "default": [], "items": {"$ref": "instance"}}
  }
})json";

// Sinks and actions share one shape; the validator has no $ref, so the
// placeholder above is replaced by this object.
constexpr const char* kInstanceSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "plugin"],
  "properties": {
    "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
    "plugin": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"},
    "config": {"type": "object", "default": {}}
  }
})json";

nlohmann::json BuildSchema() {
  nlohmann::json schema = nlohmann::json::parse(kSchema);
  const nlohmann::json instance = nlohmann::json::parse(kInstanceSchema);
  schema["properties"]["sinks"]["items"] = instance;
  schema["properties"]["actions"]["items"] = instance;
  return schema;
}

}  // namespace

const nlohmann::json& ConfigSchema() {
  static const nlohmann::json kParsed = BuildSchema();
  return kParsed;
}

}  // namespace stackprobe::config
