// SPDX-License-Identifier: Apache-2.0
//
// Facts followed: the Compose specification (github.com/compose-spec/
// compose-spec, 05-services.md: healthcheck, depends_on, environment,
// env_file, volumes, ulimits, logging, deploy.resources) and podman-compose
// 1.0.3 (/usr/lib/python3/dist-packages/podman_compose.py on Debian 12:
// normalize_service, norm_as_dict/norm_as_list, parse_short_mount,
// port_dict_to_str, container_to_res_args, container_to_args).
#include "compose_service_reader.h"

#include <sstream>
#include <stdexcept>

#include "compose_mounts.h"
#include "compose_text.h"

namespace stackprobe::starter {
namespace {

// Reads one service with the project's context; `where` prefixes messages.
class ServiceReader {
 public:
  ServiceReader(const ComposeProject& project, std::string file_label,
                std::string home)
      : project_(project),
        file_label_(std::move(file_label)),
        home_(std::move(home)) {}

  ComposeService Read(const std::string& name, const YAML::Node& node) const;

 private:
  std::string Where(const std::string& path) const {
    return file_label_ + ": " + path;
  }
  [[noreturn]] void Fail(const std::string& path, const std::string& expected,
                         const YAML::Node& got) const {
    std::string shown = "a mapping";
    if (got.IsScalar()) shown = "\"" + got.Scalar() + "\"";
    if (got.IsSequence()) shown = "a list";
    if (!got.IsDefined() || got.IsNull()) shown = "nothing";
    throw std::invalid_argument(Where(path) + ": expected " + expected +
                                ", got " + shown);
  }
  std::string Scalar(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) Fail(path, "a string", node);
    return plugin_common::Interpolate(node.Scalar(), project_.variables,
                                      Where(path));
  }
  std::vector<std::string> Strings(const YAML::Node& node,
                                   const std::string& path) const {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (node.IsScalar()) return {Scalar(node, path)};
    if (!node.IsSequence()) Fail(path, "a string or a list of strings", node);
    for (std::size_t i = 0; i < node.size(); ++i) {
      out.push_back(Scalar(node[i], path + "[" + std::to_string(i) + "]"));
    }
    return out;
  }
  // "key=value" items of a mapping or a list (podman-compose's norm_as_dict
  // then norm_as_list: a later duplicate key replaces the earlier value in
  // place; a null value gives "key").
  std::vector<std::string> KeyValues(const YAML::Node& node,
                                     const std::string& path) const;
  bool Bool(const YAML::Node& node, const std::string& path) const {
    const std::string text = Scalar(node, path);
    if (text == "true" || text == "True" || text == "yes") return true;
    if (text == "false" || text == "False" || text == "no") return false;
    Fail(path, "true or false", node);
  }
  std::vector<std::string> Command(const YAML::Node& node,
                                   const std::string& path) const {
    if (node.IsScalar()) return ShellSplit(Scalar(node, path), Where(path));
    return Strings(node, path);
  }
  ComposeHealthcheck Healthcheck(const YAML::Node& node,
                                 const std::string& path) const;
  std::vector<ComposeDependency> DependsOn(const YAML::Node& node,
                                           const std::string& path) const;
  std::vector<ComposeMount> Volumes(const YAML::Node& node,
                                    const std::string& path) const;
  std::string Port(const YAML::Node& node, const std::string& path) const;
  void Resources(const YAML::Node& deploy, const std::string& path,
                 ComposeService& service) const;

  const ComposeProject& project_;
  std::string file_label_;
  std::string home_;
};

std::vector<std::string> ServiceReader::KeyValues(
    const YAML::Node& node, const std::string& path) const {
  std::vector<std::pair<std::string, std::optional<std::string>>> items;
  auto put = [&](const std::string& key, std::optional<std::string> value) {
    for (auto& item : items) {
      if (item.first == key) {
        item.second = std::move(value);
        return;
      }
    }
    items.emplace_back(key, std::move(value));
  };
  if (node.IsMap()) {
    for (const auto& item : node) {
      const std::string key = item.first.Scalar();
      if (item.second.IsNull()) {
        put(key, std::nullopt);
      } else {
        put(key, Scalar(item.second, path + "." + key));
      }
    }
  } else if (node.IsSequence()) {
    for (const auto& text : Strings(node, path)) {
      const auto equals = text.find('=');
      if (equals == std::string::npos) {
        put(text, std::nullopt);
      } else {
        put(text.substr(0, equals), text.substr(equals + 1));
      }
    }
  } else if (!node.IsNull()) {
    Fail(path, "a mapping or a list of KEY=VALUE", node);
  }
  std::vector<std::string> out;
  for (const auto& [key, value] : items) {
    out.push_back(value ? key + "=" + *value : key);
  }
  return out;
}

ComposeHealthcheck ServiceReader::Healthcheck(const YAML::Node& node,
                                              const std::string& path) const {
  ComposeHealthcheck check;
  if (!node.IsMap()) Fail(path, "a mapping", node);
  const YAML::Node test = YamlChild(node, "test");
  if (test.IsDefined() && !test.IsNull()) {
    if (test.IsScalar()) {
      // A string is CMD-SHELL (Compose specification, healthcheck.test).
      check.test = {"CMD-SHELL", Scalar(test, path + ".test")};
    } else {
      check.test = Strings(test, path + ".test");
      if (check.test.empty() ||
          (check.test[0] != "CMD" && check.test[0] != "CMD-SHELL" &&
           check.test[0] != "NONE")) {
        Fail(path + ".test", "a list starting with CMD, CMD-SHELL or NONE",
             test);
      }
      if (check.test[0] == "CMD-SHELL" && check.test.size() != 2) {
        Fail(path + ".test", "CMD-SHELL followed by one command string", test);
      }
      if (check.test[0] == "CMD" && check.test.size() < 2) {
        Fail(path + ".test", "CMD followed by a command", test);
      }
    }
  }
  if (YamlChild(node, "disable").IsDefined()) {
    check.disable = Bool(YamlChild(node, "disable"), path + ".disable");
  }
  auto duration = [&](const char* key, std::string& text,
                      std::chrono::milliseconds& value) {
    const YAML::Node item = YamlChild(node, key);
    if (!item.IsDefined() || item.IsNull()) return;
    text = Scalar(item, path + "." + key);
    const auto parsed = ParseComposeDuration(text);
    if (!parsed)
      Fail(path + "." + key, "a duration such as 10s or 1m30s", item);
    value = *parsed;
  };
  duration("interval", check.interval, check.interval_value);
  duration("timeout", check.timeout, check.timeout_value);
  duration("start_period", check.start_period, check.start_period_value);
  const YAML::Node retries = YamlChild(node, "retries");
  if (retries.IsDefined() && !retries.IsNull()) {
    check.retries = Scalar(retries, path + ".retries");
    try {
      std::size_t used = 0;
      check.retries_value = std::stoi(check.retries, &used);
      if (used != check.retries.size() || check.retries_value < 0) {
        throw std::invalid_argument("retries");
      }
    } catch (const std::exception&) {
      Fail(path + ".retries", "a non-negative integer", retries);
    }
  }
  return check;
}

std::vector<ComposeDependency> ServiceReader::DependsOn(
    const YAML::Node& node, const std::string& path) const {
  std::vector<ComposeDependency> out;
  if (node.IsSequence() || node.IsScalar()) {
    // The short form means service_started (Compose specification).
    for (const auto& name : Strings(node, path)) {
      out.push_back({name, DependsCondition::kStarted});
    }
    return out;
  }
  if (!node.IsMap()) Fail(path, "a list or a mapping of services", node);
  for (const auto& item : node) {
    const std::string name = item.first.Scalar();
    const std::string item_path = path + "." + name;
    ComposeDependency dependency{name, DependsCondition::kStarted};
    if (item.second.IsMap() &&
        YamlChild(item.second, "condition").IsDefined()) {
      const std::string condition =
          Scalar(YamlChild(item.second, "condition"), item_path + ".condition");
      if (condition == "service_healthy") {
        dependency.condition = DependsCondition::kHealthy;
      } else if (condition == "service_completed_successfully") {
        dependency.condition = DependsCondition::kCompleted;
      } else if (condition != "service_started") {
        Fail(item_path + ".condition",
             "service_started, service_healthy or "
             "service_completed_successfully",
             YamlChild(item.second, "condition"));
      }
    } else if (!item.second.IsNull() && !item.second.IsMap()) {
      Fail(item_path, "a mapping with condition", item.second);
    }
    out.push_back(std::move(dependency));
  }
  return out;
}

std::vector<ComposeMount> ServiceReader::Volumes(
    const YAML::Node& node, const std::string& path) const {
  std::vector<ComposeMount> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence()) Fail(path, "a list", node);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const YAML::Node item = node[i];
    if (item.IsScalar()) {
      out.push_back(ParseShortMount(Scalar(item, item_path), project_.dir,
                                    home_, Where(item_path)));
      continue;
    }
    if (!item.IsMap()) Fail(item_path, "a string or a mapping", item);
    ComposeMount mount;
    mount.type = YamlChild(item, "type").IsDefined()
                     ? Scalar(YamlChild(item, "type"), item_path + ".type")
                     : "volume";
    if (mount.type != "bind" && mount.type != "volume" &&
        mount.type != "tmpfs") {
      Fail(item_path + ".type", "bind, volume or tmpfs",
           YamlChild(item, "type"));
    }
    if (!YamlChild(item, "target").IsDefined()) {
      Fail(item_path + ".target", "a path in the container",
           YamlChild(item, "target"));
    }
    mount.target = Scalar(YamlChild(item, "target"), item_path + ".target");
    if (YamlChild(item, "source").IsDefined() &&
        !YamlChild(item, "source").IsNull()) {
      mount.source = Scalar(YamlChild(item, "source"), item_path + ".source");
      // podman-compose runs podman from the compose folder, so a relative
      // bind source is relative to it; podman runs from elsewhere here.
      if (mount.type == "bind") {
        mount.source = ResolveHostPath(mount.source, project_.dir, home_);
      }
    }
    if (YamlChild(item, "read_only").IsDefined()) {
      mount.read_only =
          Bool(YamlChild(item, "read_only"), item_path + ".read_only");
    }
    for (const char* kind : {"bind", "volume"}) {
      const YAML::Node options = YamlChild(item, kind);
      if (options.IsMap() && YamlChild(options, "propagation").IsDefined()) {
        const std::string text =
            Scalar(YamlChild(options, "propagation"),
                   item_path + "." + kind + ".propagation");
        std::stringstream split(text);
        std::string part;
        while (std::getline(split, part, ',')) {
          if (!part.empty()) mount.propagation.push_back(part);
        }
      }
    }
    const YAML::Node tmpfs = YamlChild(item, "tmpfs");
    if (tmpfs.IsMap()) {
      if (YamlChild(tmpfs, "size").IsDefined()) {
        mount.tmpfs_size =
            Scalar(YamlChild(tmpfs, "size"), item_path + ".tmpfs.size");
      }
      if (YamlChild(tmpfs, "mode").IsDefined()) {
        mount.tmpfs_mode =
            Scalar(YamlChild(tmpfs, "mode"), item_path + ".tmpfs.mode");
      }
    }
    out.push_back(std::move(mount));
  }
  return out;
}

// podman-compose 1.0.3's port_dict_to_str for the long syntax.
std::string ServiceReader::Port(const YAML::Node& node,
                                const std::string& path) const {
  if (node.IsScalar()) return Scalar(node, path);
  if (!node.IsMap() || !YamlChild(node, "target").IsDefined()) {
    Fail(path, "a port string or a mapping with target", node);
  }
  const std::string target =
      Scalar(YamlChild(node, "target"), path + ".target");
  std::string published, host_ip, protocol = "tcp";
  if (YamlChild(node, "published").IsDefined() &&
      !YamlChild(node, "published").IsNull()) {
    published = Scalar(YamlChild(node, "published"), path + ".published");
  }
  if (YamlChild(node, "host_ip").IsDefined() &&
      !YamlChild(node, "host_ip").IsNull()) {
    host_ip = Scalar(YamlChild(node, "host_ip"), path + ".host_ip");
  }
  if (YamlChild(node, "protocol").IsDefined() &&
      !YamlChild(node, "protocol").IsNull()) {
    protocol = Scalar(YamlChild(node, "protocol"), path + ".protocol");
  }
  std::string out;
  if (!host_ip.empty()) {
    out = host_ip + ":" + published + ":" + target;
  } else {
    out = published.empty() ? target : published + ":" + target;
  }
  if (protocol != "tcp") out += "/" + protocol;
  return out;
}

void ServiceReader::Resources(const YAML::Node& deploy, const std::string& path,
                              ComposeService& service) const {
  if (!deploy.IsMap()) Fail(path, "a mapping", deploy);
  for (const auto& item : deploy) {
    const std::string key = item.first.Scalar();
    if (key == "replicas") {
      if (Scalar(item.second, path + ".replicas") != "1") {
        service.unsupported.push_back("deploy.replicas");
      }
    } else if (key == "resources") {
      const YAML::Node limits = YamlChild(item.second, "limits");
      if (limits.IsMap()) {
        if (YamlChild(limits, "cpus").IsDefined()) {
          service.cpus = PythonFloatText(Scalar(
              YamlChild(limits, "cpus"), path + ".resources.limits.cpus"));
        }
        if (YamlChild(limits, "memory").IsDefined()) {
          service.memory = LowerAscii(Scalar(
              YamlChild(limits, "memory"), path + ".resources.limits.memory"));
        }
      }
      const YAML::Node reservations = YamlChild(item.second, "reservations");
      if (reservations.IsMap() &&
          YamlChild(reservations, "memory").IsDefined()) {
        service.memory_reservation =
            LowerAscii(Scalar(YamlChild(reservations, "memory"),
                              path + ".resources.reservations.memory"));
      }
    } else {
      service.unsupported.push_back("deploy." + key);
    }
  }
}

ComposeService ServiceReader::Read(const std::string& name,
                                   const YAML::Node& node) const {
  const std::string base = "services." + name;
  if (!node.IsMap()) Fail(base, "a mapping", node);
  ComposeService service;
  service.name = name;
  // podman-compose 1.0.3 names: <project>_<service>_1 unless container_name;
  // <project>_<service> as the image of a service that only has `build`.
  service.container_name = project_.name + "_" + name + "_1";
  service.image = project_.name + "_" + name;
  std::string cpus_v2, memory_v2, reservation_v2;
  for (const auto& item : node) {
    const std::string key = item.first.Scalar();
    const std::string path = base + "." + key;
    const YAML::Node& value = item.second;
    if (key == "image") {
      service.image = Scalar(value, path);
    } else if (key == "container_name") {
      service.container_name = Scalar(value, path);
    } else if (key == "network_mode") {
      service.network_mode = Scalar(value, path);
    } else if (key == "command") {
      if (!value.IsNull()) service.command = Command(value, path);
    } else if (key == "entrypoint") {
      if (!value.IsNull()) service.entrypoint = Command(value, path);
    } else if (key == "environment") {
      service.environment = KeyValues(value, path);
    } else if (key == "env_file") {
      std::vector<std::string> files;
      if (value.IsSequence()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          const std::string item_path = path + "[" + std::to_string(i) + "]";
          // The long form {path, required} of newer Compose files.
          files.push_back(value[i].IsMap() ? Scalar(YamlChild(value[i], "path"),
                                                    item_path + ".path")
                                           : Scalar(value[i], item_path));
        }
      } else {
        files = Strings(value, path);
      }
      for (const auto& file : files) {
        service.env_files.push_back(ResolveHostPath(file, project_.dir, home_));
      }
    } else if (key == "volumes") {
      service.volumes = Volumes(value, path);
    } else if (key == "labels") {
      service.labels = KeyValues(value, path);
    } else if (key == "user") {
      service.user = Scalar(value, path);
    } else if (key == "restart") {
      service.restart = Scalar(value, path);
    } else if (key == "working_dir") {
      service.working_dir = Scalar(value, path);
    } else if (key == "hostname") {
      service.hostname = Scalar(value, path);
    } else if (key == "shm_size") {
      service.shm_size = Scalar(value, path);
    } else if (key == "stop_signal") {
      service.stop_signal = Scalar(value, path);
    } else if (key == "pull_policy") {
      service.pull_policy = Scalar(value, path);
    } else if (key == "security_opt") {
      for (auto option : Strings(value, path)) {
        // normalize_service: "seccomp:unconfined" -> "seccomp=unconfined".
        if (option == "seccomp:unconfined" || option == "apparmor:unconfined") {
          option[option.find(':')] = '=';
        }
        service.security_opt.push_back(option);
      }
    } else if (key == "cap_add") {
      service.cap_add = Strings(value, path);
    } else if (key == "cap_drop") {
      service.cap_drop = Strings(value, path);
    } else if (key == "devices") {
      service.devices = Strings(value, path);
    } else if (key == "tmpfs") {
      service.tmpfs = Strings(value, path);
    } else if (key == "extra_hosts") {
      service.extra_hosts =
          value.IsMap() ? KeyValues(value, path) : Strings(value, path);
      if (value.IsMap()) {
        // The mapping form is host: ip; podman wants host:ip.
        for (auto& host : service.extra_hosts) host[host.find('=')] = ':';
      }
    } else if (key == "expose") {
      service.expose = Strings(value, path);
    } else if (key == "ports") {
      if (value.IsSequence()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          service.ports.push_back(
              Port(value[i], path + "[" + std::to_string(i) + "]"));
        }
      } else if (!value.IsNull()) {
        service.ports.push_back(Port(value, path));
      }
    } else if (key == "ulimits") {
      if (value.IsScalar()) {
        service.ulimits.push_back(Scalar(value, path));
      } else if (value.IsMap()) {
        for (const auto& limit : value) {
          const std::string limit_name = limit.first.Scalar();
          const std::string limit_path = path + "." + limit_name;
          if (limit.second.IsMap()) {
            const YAML::Node soft = YamlChild(limit.second, "soft");
            const YAML::Node hard = YamlChild(limit.second, "hard");
            if (!soft.IsDefined() && !hard.IsDefined()) {
              Fail(limit_path, "soft and/or hard", limit.second);
            }
            const std::string soft_text =
                Scalar(soft.IsDefined() ? soft : hard, limit_path);
            const std::string hard_text =
                Scalar(hard.IsDefined() ? hard : soft, limit_path);
            service.ulimits.push_back(limit_name + "=" + soft_text + ":" +
                                      hard_text);
          } else {
            service.ulimits.push_back(limit_name + "=" +
                                      Scalar(limit.second, limit_path));
          }
        }
      } else {
        Fail(path, "a mapping of limits", value);
      }
    } else if (key == "read_only") {
      service.read_only = Bool(value, path);
    } else if (key == "privileged") {
      service.privileged = Bool(value, path);
    } else if (key == "init") {
      service.init = Bool(value, path);
    } else if (key == "tty") {
      service.tty = Bool(value, path);
    } else if (key == "stdin_open") {
      service.stdin_open = Bool(value, path);
    } else if (key == "logging") {
      if (!value.IsMap()) Fail(path, "a mapping", value);
      service.log_driver =
          YamlChild(value, "driver").IsDefined()
              ? Scalar(YamlChild(value, "driver"), path + ".driver")
              : "k8s-file";
      if (YamlChild(value, "options").IsMap()) {
        for (const auto& option : YamlChild(value, "options")) {
          const std::string option_name = option.first.Scalar();
          service.log_options.emplace_back(
              option_name,
              Scalar(option.second, path + ".options." + option_name));
        }
      }
    } else if (key == "cpus") {
      cpus_v2 = PythonFloatText(Scalar(value, path));
    } else if (key == "cpu_shares") {
      service.cpu_shares = Scalar(value, path);
    } else if (key == "mem_limit") {
      memory_v2 = LowerAscii(Scalar(value, path));
    } else if (key == "mem_reservation") {
      reservation_v2 = LowerAscii(Scalar(value, path));
    } else if (key == "deploy") {
      Resources(value, path, service);
    } else if (key == "healthcheck") {
      service.healthcheck = Healthcheck(value, path);
    } else if (key == "depends_on") {
      service.depends_on = DependsOn(value, path);
    } else if (key == "profiles") {
      service.profiles = Strings(value, path);
    } else if (key == "extends") {
      throw std::invalid_argument(
          Where(path) +
          ": not supported by stackprobe's compose reader (write the "
          "service out in full)");
    } else if (key == "build" || key == "stop_grace_period" ||
               key.starts_with("x-")) {
      // No `podman create` argument: podman-compose 1.0.3 builds images in a
      // separate step and ignores stop_grace_period.
    } else {
      service.unsupported.push_back(key);
    }
  }
  // Compose v3 `deploy.resources` wins over the v2 keys
  // (container_to_res_args).
  if (service.cpus.empty()) service.cpus = cpus_v2;
  if (service.memory.empty()) service.memory = memory_v2;
  if (service.memory_reservation.empty()) {
    service.memory_reservation = reservation_v2;
  }
  return service;
}

}  // namespace

YAML::Node YamlChild(const YAML::Node& node, const std::string& key) {
  if (!node.IsDefined() || !node.IsMap()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  const YAML::Node child = node[key];
  if (!child.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
  return child;
}

ComposeService ReadComposeService(const ComposeProject& project,
                                  const std::string& file_label,
                                  const std::string& home,
                                  const std::string& name,
                                  const YAML::Node& node) {
  return ServiceReader(project, file_label, home).Read(name, node);
}

}  // namespace stackprobe::starter
