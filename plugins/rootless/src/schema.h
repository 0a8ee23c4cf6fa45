// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the config shared by the rootless probe and the doctor.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_SCHEMA_H_
#define STACKPROBE_PLUGINS_ROOTLESS_SCHEMA_H_

namespace stackprobe::rootless {

/// The config schema (JSON text); every key has a default. Keys are read by
/// ParseOptions (options.h) and described in README.md.
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "user": {"type": "string", "default": "",
             "description": "User name or uid whose containers must start; empty: the user stackprobe runs as"},
    "path": {"type": "string", "default": "",
             "description": "PATH podman gets; empty: unit_file's PATH, else stackprobe's own"},
    "unit_file": {"type": "string", "default": "",
                  "description": "systemd unit whose Environment= PATH is checked (%h, %u, %U expanded)"},
    "subuid_file": {"type": "string", "minLength": 1, "default": "/etc/subuid"},
    "subgid_file": {"type": "string", "minLength": 1, "default": "/etc/subgid"},
    "passwd_file": {"type": "string", "default": "",
                    "description": "passwd-format file to find the user in; empty: the system database"},
    "proc_sys_dir": {"type": "string", "minLength": 1, "default": "/proc/sys"},
    "linger_dir": {"type": "string", "minLength": 1, "default": "/var/lib/systemd/linger"},
    "xdg_runtime_dir": {"type": "string", "default": "",
                        "description": "XDG_RUNTIME_DIR podman gets; empty: from the unit, the environment or /run/user/UID"},
    "min_range": {"type": "integer", "minimum": 1, "maximum": 4294967295, "default": 65536},
    "unshare_trial": {"type": "boolean", "default": false},
    "podman_info": {"type": "boolean", "default": true},
    "repair_path": {"type": "boolean", "default": true,
                    "description": "Judge the PATH stackprobe start gives podman (setuid folders first); false: the PATH as given"},
    "setuid_dirs": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                    "default": ["/run/wrappers/bin"],
                    "description": "The starter's setuid_dirs: folders put first when they hold setuid-root newuidmap and newgidmap"},
    "search_dirs": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                    "default": ["/run/wrappers/bin", "/usr/bin", "/bin", "/usr/sbin"]},
    "libexec_dirs": {"type": "array", "items": {"type": "string", "pattern": "^/"},
                    "default": ["/usr/libexec/podman", "/usr/lib/podman", "/usr/local/libexec/podman", "/usr/local/lib/podman"]},
    "command_timeout": {"type": "string", "format": "duration", "default": "20s"}
  }
})json";

/// Reasons beyond plugin.h's that both plugins report; nullptr-ended.
inline constexpr const char* const kExtraReasons[] = {"rootless_preflight",
                                                      nullptr};

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_SCHEMA_H_
