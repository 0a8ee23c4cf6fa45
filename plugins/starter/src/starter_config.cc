// SPDX-License-Identifier: Apache-2.0
#include "starter_config.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "plan.h"
#include "stackprobe/sdk/duration.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;

ContainerSpec Core(std::string name) {
  ContainerSpec spec;
  spec.name = std::move(name);
  return spec;
}

ContainerSpec AiService(std::string name, std::string probe) {
  ContainerSpec spec;
  spec.name = std::move(name);
  spec.readiness = ReadinessKind::kProbe;
  spec.probe = std::move(probe);
  spec.depends_on = {"local-ai-postgres", "local-ai-redis", "local-ai-qdrant",
                     "local-ai-embeddings", "local-ai-llama-cpp"};
  return spec;
}

ReadinessKind ParseKind(const std::string& key, const std::string& text) {
  if (text == "healthcheck") return ReadinessKind::kHealthcheck;
  if (text == "probe") return ReadinessKind::kProbe;
  if (text == "running") return ReadinessKind::kRunning;
  throw std::invalid_argument(
      key + ": expected healthcheck, probe or running, got \"" + text + "\"");
}

std::string StringAt(const json& object, const char* key,
                     const std::string& fallback) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

}  // namespace

std::chrono::milliseconds ParseDurationAt(const std::string& key,
                                          const std::string& text) {
  auto parsed = sdk::ParseDuration(text);
  if (!parsed) {
    throw std::invalid_argument(
        key + ": expected a duration such as 15s, got \"" + text + "\"");
  }
  return *parsed;
}

std::string DefaultStateFile() {
  const char* state_home = std::getenv("XDG_STATE_HOME");
  if (state_home != nullptr && state_home[0] == '/') {
    return std::string(state_home) + "/stackprobe/last-start.json";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    return std::string(home) + "/.local/state/stackprobe/last-start.json";
  }
  return "last-start.json";
}

std::vector<ContainerSpec> DefaultContainers() {
  return {Core("local-ai-postgres"),
          Core("local-ai-redis"),
          Core("local-ai-qdrant"),
          Core("local-ai-embeddings"),
          Core("local-ai-llama-cpp"),
          AiService("local-ai-aidb", "aidb"),
          AiService("local-ai-hybrid-coordinator", "hybrid_coordinator")};
}

StarterConfig ParseStarterConfig(const std::string& config_json) {
  const json config = json::parse(config_json);
  if (!config.is_object()) {
    throw std::invalid_argument("config: expected an object");
  }
  StarterConfig out;
  const json containers = config.value("containers", json::array());
  for (std::size_t i = 0; i < containers.size(); ++i) {
    const json& item = containers[i];
    const std::string key = "containers[" + std::to_string(i) + "]";
    ContainerSpec spec;
    spec.name = StringAt(item, "name", "");
    if (spec.name.empty()) {
      throw std::invalid_argument(
          key + ".name: expected a container name, got nothing");
    }
    for (const auto& dependency : item.value("depends_on", json::array())) {
      spec.depends_on.push_back(dependency.get<std::string>());
    }
    const json readiness = item.value("readiness", json::object());
    spec.readiness = ParseKind(key + ".readiness.kind",
                               StringAt(readiness, "kind", "healthcheck"));
    spec.probe = StringAt(readiness, "probe", "");
    if (spec.readiness == ReadinessKind::kProbe && spec.probe.empty()) {
      throw std::invalid_argument(
          key +
          ".readiness.probe: expected a probe name for kind "
          "probe, got nothing");
    }
    spec.timeout =
        ParseDurationAt(key + ".timeout", StringAt(item, "timeout", "0s"));
    spec.required = item.value("required", true);
    for (const auto& other : out.containers) {
      if (other.name == spec.name) {
        throw std::invalid_argument(key +
                                    ".name: expected a unique name, got \"" +
                                    spec.name + "\" twice");
      }
    }
    out.containers.push_back(std::move(spec));
  }
  out.compose_file = StringAt(config, "compose_file", "");
  out.env_file = StringAt(config, "env_file", "");
  out.project_name = StringAt(config, "project_name", "");
  for (const auto& service : config.value("services", json::array())) {
    out.services.push_back(service.get<std::string>());
  }
  const std::string create_with = StringAt(config, "create_with", "auto");
  if (create_with == "podman") {
    out.create_with = CreateWith::kPodman;
  } else if (create_with == "podman-compose") {
    out.create_with = CreateWith::kPodmanCompose;
  } else if (create_with != "auto") {
    throw std::invalid_argument(
        "create_with: expected auto, podman or podman-compose, got \"" +
        create_with + "\"");
  }
  out.podman_compose = StringAt(config, "podman_compose", "podman-compose");
  if (out.compose_file.empty()) {
    for (const char* key : {"env_file", "project_name"}) {
      if (!StringAt(config, key, "").empty()) {
        throw std::invalid_argument(std::string(key) +
                                    ": expected only with compose_file");
      }
    }
    if (!out.services.empty()) {
      throw std::invalid_argument(
          "services: expected only with compose_file (list `containers` "
          "instead)");
    }
    for (auto& spec : out.containers) {
      if (spec.timeout.count() == 0) spec.timeout = kDefaultContainerTimeout;
    }
    if (out.containers.empty()) out.containers = DefaultContainers();
    PlanLevels(out.containers);  // Throws for unknown deps and cycles.
  }

  out.podman = StringAt(config, "podman", "podman");
  if (config.contains("setuid_dirs")) {
    out.setuid_dirs.clear();
    for (const auto& dir : config["setuid_dirs"]) {
      out.setuid_dirs.push_back(dir.get<std::string>());
    }
  }
  out.path = StringAt(config, "path", "");
  if (config.contains("env") && config["env"].is_object()) {
    for (const auto& [name, value] : config["env"].items()) {
      if (name.empty() || name.find('=') != std::string::npos) {
        throw std::invalid_argument(
            "env: expected variable names without '=', got \"" + name + "\"");
      }
      out.env[name] = value.get<std::string>();
    }
  }
  out.budget = ParseDurationAt("budget", StringAt(config, "budget", "270s"));
  out.poll_interval = ParseDurationAt(
      "poll_interval", StringAt(config, "poll_interval", "500ms"));
  out.max_poll_interval = ParseDurationAt(
      "max_poll_interval", StringAt(config, "max_poll_interval", "5s"));
  if (out.poll_interval.count() <= 0 ||
      out.max_poll_interval < out.poll_interval) {
    throw std::invalid_argument(
        "poll_interval: expected more than 0 and at most max_poll_interval");
  }
  if (out.budget.count() <= 0) {
    throw std::invalid_argument("budget: expected more than 0s, got 0s");
  }
  out.podman_info_retries = config.value("podman_info_retries", 15);
  out.podman_info_interval = ParseDurationAt(
      "podman_info_interval", StringAt(config, "podman_info_interval", "2s"));
  out.command_timeout = ParseDurationAt(
      "command_timeout", StringAt(config, "command_timeout", "60s"));
  if (out.command_timeout.count() <= 0) {
    throw std::invalid_argument(
        "command_timeout: expected more than 0s, got 0s");
  }
  out.state_file = StringAt(config, "state_file", "");
  out.preflight_probe = StringAt(config, "preflight_probe", "");
  return out;
}

}  // namespace stackprobe::starter
