// SPDX-License-Identifier: Apache-2.0
#include "podman_create_args.h"

#include <cstdio>
#include <set>

#include "sha256.h"

namespace stackprobe::starter {
namespace {

void AppendJsonString(std::string& out, const std::string& text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    char escape[16];
    switch (text[i]) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (byte < 0x20 || byte == 0x7f) {
      std::snprintf(escape, sizeof escape, "\\u%04x", byte);
      out += escape;
      continue;
    }
    if (byte < 0x80) {
      out += text[i];
      continue;
    }
    // ensure_ascii: decode UTF-8, write UTF-16 escapes (U+FFFD when invalid).
    std::uint32_t code = 0xfffd;
    int extra = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : -1;
    if (extra > 0 && i + static_cast<std::size_t>(extra) < text.size() + 0) {
      std::uint32_t value = byte & (0x3fu >> extra);
      bool valid = true;
      for (int k = 1; k <= extra; ++k) {
        const auto next =
            static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
        if ((next & 0xc0) != 0x80) valid = false;
        value = (value << 6) | (next & 0x3fu);
      }
      if (valid) {
        code = value;
        i += static_cast<std::size_t>(extra);
      }
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      std::snprintf(escape, sizeof escape, "\\u%04x\\u%04x",
                    0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
    } else {
      std::snprintf(escape, sizeof escape, "\\u%04x", code);
    }
    out += escape;
  }
  out += '"';
}

void AddEach(std::vector<std::string>& args, const char* flag,
             const std::vector<std::string>& values) {
  for (const auto& value : values) {
    args.push_back(flag);
    args.push_back(value);
  }
}

// get_mount_args with _prefer_volume_over_mount (podman-compose's default):
// tmpfs as --tmpfs, bind and volume as -v SOURCE:TARGET[:OPTIONS].
void AddMountArgs(std::vector<std::string>& args, const ComposeProject& project,
                  const ComposeService& service, const ComposeMount& mount) {
  if (mount.type == "tmpfs") {
    std::string value = mount.target;
    std::vector<std::string> options;
    if (!mount.tmpfs_size.empty())
      options.push_back("size=" + mount.tmpfs_size);
    if (!mount.tmpfs_mode.empty())
      options.push_back("mode=" + mount.tmpfs_mode);
    for (std::size_t i = 0; i < options.size(); ++i) {
      value += (i == 0 ? ":" : ",") + options[i];
    }
    args.push_back("--tmpfs");
    args.push_back(value);
    return;
  }
  const std::string source = mount.type == "volume"
                                 ? VolumeNameOf(project, service, mount)
                                 : mount.source;
  std::string value = source + ":" + mount.target;
  std::vector<std::string> options = mount.propagation;
  if (mount.read_only) options.push_back(*mount.read_only ? "ro" : "rw");
  for (std::size_t i = 0; i < options.size(); ++i) {
    value += (i == 0 ? ":" : ",") + options[i];
  }
  args.push_back("-v");
  args.push_back(value);
}

void AddHealthcheckArgs(std::vector<std::string>& args,
                        const ComposeHealthcheck& check) {
  if (check.disable || (!check.test.empty() && check.test[0] == "NONE")) {
    args.push_back("--no-healthcheck");
    return;
  }
  if (!check.test.empty()) {
    args.push_back("--healthcheck-command");
    if (check.test[0] == "CMD" && check.test.size() > 2) {
      // A JSON list without keyword: podman 4.3 makes it ["CMD", ...].
      args.push_back(PythonJsonList(
          std::vector<std::string>(check.test.begin() + 1, check.test.end())));
    } else if (check.test[0] == "CMD") {
      // One word: podman 4.3 cannot take a one-element CMD from the command
      // line (it would run it through the shell anyway).
      args.push_back(PythonJsonList({"CMD-SHELL", check.test[1]}));
    } else {
      args.push_back(PythonJsonList(check.test));
    }
  }
  if (!check.interval.empty()) {
    args.push_back("--healthcheck-interval");
    args.push_back(check.interval);
  }
  if (!check.timeout.empty()) {
    args.push_back("--healthcheck-timeout");
    args.push_back(check.timeout);
  }
  if (!check.start_period.empty()) {
    args.push_back("--healthcheck-start-period");
    args.push_back(check.start_period);
  }
  if (!check.retries.empty()) {
    args.push_back("--healthcheck-retries");
    args.push_back(check.retries);
  }
}

}  // namespace

std::string PythonJsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonString(out, items[i]);
  }
  return out + "]";
}

std::vector<std::string> ComposeLabels(const ComposeProject& project,
                                       const ComposeService& service) {
  std::vector<std::string> labels = service.labels;
  const std::vector<std::string> common = {
      "io.podman.compose.config-hash=123",
      "io.podman.compose.project=" + project.name,
      "io.podman.compose.version=0.0.1",
      "com.docker.compose.project=" + project.name,
      "com.docker.compose.project.working_dir=" + project.dir,
      "com.docker.compose.project.config_files=" + project.file,
      "com.docker.compose.container-number=1",
      "com.docker.compose.service=" + service.name};
  labels.insert(labels.end(), common.begin(), common.end());
  return labels;
}

std::string VolumeNameOf(const ComposeProject& project,
                         const ComposeService& service,
                         const ComposeMount& mount) {
  if (mount.type != "volume") return "";
  if (mount.source.empty()) {
    return project.name + "_" + service.name + "_" + Sha256Hex(mount.target);
  }
  const auto it = project.volumes.find(mount.source);
  if (it != project.volumes.end()) {
    if (!it->second.name.empty()) return it->second.name;
    if (!it->second.external_name.empty()) return it->second.external_name;
    // fix_mount_dict names `external: true` without a name
    // <project>_<source> too; the same name finds the data of the containers
    // podman-compose made.
  }
  return project.name + "_" + mount.source;
}

std::vector<std::string> BuildCreateArgs(const ComposeProject& project,
                                         const ComposeService& service) {
  std::vector<std::string> args = {"--name=" + service.container_name};
  AddEach(args, "--security-opt", service.security_opt);
  if (service.read_only) args.push_back("--read-only");
  AddEach(args, "--label", ComposeLabels(project, service));
  if (!service.network_mode.empty()) {
    args.push_back("--network");
    args.push_back(service.network_mode);
  }
  AddEach(args, "--cap-add", service.cap_add);
  AddEach(args, "--cap-drop", service.cap_drop);
  AddEach(args, "--device", service.devices);
  AddEach(args, "--env-file", service.env_files);
  AddEach(args, "-e", service.environment);
  AddEach(args, "--tmpfs", service.tmpfs);
  for (const auto& mount : service.volumes) {
    AddMountArgs(args, project, service, mount);
  }
  if (service.log_driver) {
    args.push_back("--log-driver=" + *service.log_driver);
    for (const auto& [name, value] : service.log_options) {
      args.push_back("--log-opt=" + name + "=" + value);
    }
  }
  AddEach(args, "--add-host", service.extra_hosts);
  AddEach(args, "--expose", service.expose);
  AddEach(args, "-p", service.ports);
  auto optional = [&](const char* flag,
                      const std::optional<std::string>& value) {
    if (!value) return;
    args.push_back(flag);
    args.push_back(*value);
  };
  optional("-u", service.user);
  optional("-w", service.working_dir);
  optional("--hostname", service.hostname);
  optional("--shm-size", service.shm_size);
  if (service.stdin_open) args.push_back("-i");
  optional("--stop-signal", service.stop_signal);
  if (service.tty) args.push_back("--tty");
  if (service.privileged) args.push_back("--privileged");
  if (service.pull_policy && *service.pull_policy != "build") {
    optional("--pull", service.pull_policy);
  }
  optional("--restart", service.restart);
  AddEach(args, "--ulimit", service.ulimits);
  auto text = [&](const char* flag, const std::string& value) {
    if (value.empty()) return;
    args.push_back(flag);
    args.push_back(value);
  };
  text("--cpus", service.cpus);
  text("--cpu-shares", service.cpu_shares);
  text("-m", service.memory);
  text("--memory-reservation", service.memory_reservation);
  if (service.init) args.push_back("--init");
  if (service.entrypoint) {
    args.push_back("--entrypoint");
    args.push_back(PythonJsonList(*service.entrypoint));
  }
  if (service.healthcheck) AddHealthcheckArgs(args, *service.healthcheck);
  args.push_back(service.image);
  if (service.command) {
    args.insert(args.end(), service.command->begin(), service.command->end());
  }
  return args;
}

std::vector<VolumeToCreate> VolumesToCreate(const ComposeProject& project,
                                            const ComposeService& service) {
  std::vector<VolumeToCreate> out;
  std::set<std::string> seen;
  for (const auto& mount : service.volumes) {
    if (mount.type != "volume") continue;
    const auto it = project.volumes.find(mount.source);
    const bool declared = !mount.source.empty() && it != project.volumes.end();
    if (declared && it->second.external) continue;
    const std::string name = VolumeNameOf(project, service, mount);
    if (!seen.insert(name).second) continue;
    VolumeToCreate volume;
    volume.name = name;
    volume.create_args = {
        "--label", "io.podman.compose.project=" + project.name, "--label",
        "com.docker.compose.project=" + project.name};
    if (declared) {
      for (const auto& label : it->second.labels) {
        volume.create_args.push_back("--label");
        volume.create_args.push_back(label);
      }
    }
    volume.create_args.push_back(name);
    out.push_back(std::move(volume));
  }
  return out;
}

std::vector<std::string> BindSources(const ComposeService& service) {
  std::vector<std::string> out;
  for (const auto& mount : service.volumes) {
    if (mount.type == "bind" && !mount.source.empty())
      out.push_back(mount.source);
  }
  return out;
}

std::vector<std::string> BuiltinCreateBlockers(const ComposeService& service) {
  std::vector<std::string> out;
  if (service.network_mode.empty()) {
    out.push_back("no network_mode (podman-compose networking)");
  }
  for (const auto& key : service.unsupported) {
    out.push_back("unsupported key " + key);
  }
  return out;
}

}  // namespace stackprobe::starter
