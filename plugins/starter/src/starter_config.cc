// SPDX-License-Identifier: Apache-2.0
#include "starter_config.h"

#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "plan.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::starter {
namespace {

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

ReadinessKind KindNamed(const std::string& kind) {
  if (kind == "probe") return ReadinessKind::kProbe;
  if (kind == "running") return ReadinessKind::kRunning;
  return ReadinessKind::kHealthcheck;
}

CreateWith CreatorNamed(const std::string& creator) {
  if (creator == "podman") return CreateWith::kPodman;
  if (creator == "podman-compose") return CreateWith::kPodmanCompose;
  return CreateWith::kAuto;
}

// One `containers` entry; `others` are the entries before it.
ContainerSpec ReadContainer(const sdk::ConfigReader& item,
                            const std::vector<ContainerSpec>& others) {
  ContainerSpec spec;
  spec.name = item.String("name");
  for (const auto& other : others) {
    if (other.name == spec.name) {
      throw item.Error(
          "name", "expected a unique name, got \"" + spec.name + "\" twice");
    }
  }
  spec.depends_on = item.Strings("depends_on");
  const sdk::ConfigReader readiness = item.Object("readiness");
  spec.readiness = KindNamed(readiness.String("kind"));
  spec.probe = readiness.String("probe");
  if (spec.readiness == ReadinessKind::kProbe && spec.probe.empty()) {
    throw readiness.Error("probe",
                          "expected a probe name for kind probe, got nothing");
  }
  spec.timeout = item.Duration("timeout");
  spec.required = item.Boolean("required");
  return spec;
}

// A duration that must be more than zero (the schema's "duration" format
// allows 0s).
std::chrono::milliseconds PositiveDuration(const sdk::ConfigReader& config,
                                           const char* key) {
  const std::chrono::milliseconds value = config.Duration(key);
  if (value.count() <= 0)
    throw config.Error(key, "expected more than 0s, got 0s");
  return value;
}

}  // namespace

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
  const sdk::ConfigReader config(config_json);
  StarterConfig out;
  for (const sdk::ConfigReader& item : config.Objects("containers")) {
    out.containers.push_back(ReadContainer(item, out.containers));
  }
  out.compose_file = config.String("compose_file");
  out.env_file = config.String("env_file");
  out.project_name = config.String("project_name");
  out.services = config.Strings("services");
  out.create_with = CreatorNamed(config.String("create_with"));
  out.podman_compose = config.String("podman_compose");
  if (out.compose_file.empty()) {
    for (const char* key : {"env_file", "project_name"}) {
      if (!config.String(key).empty()) {
        throw config.Error(key, "expected only with compose_file");
      }
    }
    if (!out.services.empty()) {
      throw config.Error("services",
                         "expected only with compose_file (list `containers` "
                         "instead)");
    }
    for (auto& spec : out.containers) {
      if (spec.timeout.count() == 0) spec.timeout = kDefaultContainerTimeout;
    }
    if (out.containers.empty()) out.containers = DefaultContainers();
    PlanLevels(out.containers);  // Throws for unknown deps and cycles.
  }
  out.podman = config.String("podman");
  out.setuid_dirs = config.Strings("setuid_dirs");
  out.path = config.String("path");
  out.env = config.StringMap("env");
  out.budget = PositiveDuration(config, "budget");
  out.poll_interval = config.Duration("poll_interval");
  out.max_poll_interval = config.Duration("max_poll_interval");
  if (out.poll_interval.count() <= 0 ||
      out.max_poll_interval < out.poll_interval) {
    throw config.Error("poll_interval",
                       "expected more than 0 and at most max_poll_interval");
  }
  out.podman_info_retries =
      static_cast<int>(config.Integer("podman_info_retries"));
  out.podman_info_interval = config.Duration("podman_info_interval");
  out.command_timeout = PositiveDuration(config, "command_timeout");
  out.state_file = config.String("state_file");
  out.preflight_probe = config.String("preflight_probe");
  return out;
}

}  // namespace stackprobe::starter
