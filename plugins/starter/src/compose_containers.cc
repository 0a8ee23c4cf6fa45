// SPDX-License-Identifier: Apache-2.0
#include "compose_containers.h"

#include <map>
#include <set>
#include <stdexcept>

#include "compose_parser.h"
#include "plan.h"
#include "podman_create_args.h"

namespace stackprobe::starter {
namespace {

bool HasActiveHealthcheck(const ComposeService& service) {
  return service.healthcheck && !service.healthcheck->disable &&
         !service.healthcheck->test.empty() &&
         service.healthcheck->test[0] != "NONE";
}

}  // namespace

ComposeProject LoadConfiguredCompose(
    const StarterConfig& config,
    const plugin_common::VariableMap& environment) {
  // "~/..." is the user's home: a unit's working directory is rarely the
  // stack's folder.
  auto expand = [&](const std::string& path) {
    const auto home = environment.find("HOME");
    if (path.starts_with("~/") && home != environment.end()) {
      return home->second + path.substr(1);
    }
    return path;
  };
  ComposeSource source;
  source.file = expand(config.compose_file);
  source.env_file = expand(config.env_file);
  source.project_name = config.project_name;
  source.environment = environment;
  try {
    return LoadComposeProject(source);
  } catch (const std::invalid_argument& e) {
    // Name the config key first, as every config error does.
    throw std::invalid_argument(std::string("compose_file: ") + e.what());
  }
}

std::chrono::milliseconds HealthcheckDeadline(const ComposeHealthcheck& check) {
  const int retries = std::max(check.retries_value, 1);
  return check.start_period_value +
         retries * (check.interval_value + check.timeout_value);
}

std::vector<ContainerSpec> ComposeContainers(const ComposeProject& project,
                                             const StarterConfig& config) {
  std::map<std::string, const ComposeService*> by_service;
  std::map<std::string, std::string> service_of;  // container or service name
  for (const auto& service : project.services) {
    by_service[service.name] = &service;
    service_of[service.name] = service.name;
  }
  for (const auto& service : project.services) {
    service_of[service.container_name] = service.name;
  }
  auto service_named = [&](const std::string& name, const std::string& key) {
    const auto it = service_of.find(name);
    if (it == service_of.end()) {
      throw std::invalid_argument(key +
                                  ": expected a service or container_name "
                                  "of " +
                                  project.file + ", got \"" + name + "\"");
    }
    return it->second;
  };

  // Settings from `containers:`, by service.
  std::map<std::string, const ContainerSpec*> overlay;
  std::map<std::string, std::vector<std::string>> extra_deps;
  for (std::size_t i = 0; i < config.containers.size(); ++i) {
    const std::string key = "containers[" + std::to_string(i) + "]";
    const ContainerSpec& entry = config.containers[i];
    const std::string service = service_named(entry.name, key + ".name");
    if (!overlay.emplace(service, &entry).second) {
      throw std::invalid_argument(key +
                                  ".name: expected one entry per "
                                  "service, got a second one for " +
                                  service);
    }
    for (const auto& dependency : entry.depends_on) {
      extra_deps[service].push_back(
          service_named(dependency, key + ".depends_on"));
    }
  }

  // Selection: the named services (or all without profiles) and everything
  // they depend on.
  std::set<std::string> selected;
  std::vector<std::string> pending;
  if (config.services.empty()) {
    for (const auto& service : project.services) {
      if (service.profiles.empty()) pending.push_back(service.name);
    }
  } else {
    for (std::size_t i = 0; i < config.services.size(); ++i) {
      const std::string& name = config.services[i];
      if (!by_service.contains(name)) {
        throw std::invalid_argument("services[" + std::to_string(i) +
                                    "]: expected a service of " + project.file +
                                    ", got \"" + name + "\"");
      }
      pending.push_back(name);
    }
  }
  while (!pending.empty()) {
    const std::string name = pending.back();
    pending.pop_back();
    if (!selected.insert(name).second) continue;
    for (const auto& dependency : by_service[name]->depends_on) {
      pending.push_back(dependency.service);
    }
    for (const auto& dependency : extra_deps[name])
      pending.push_back(dependency);
  }

  // Services some selected dependant needs to run to completion.
  std::set<std::string> completes;
  for (const auto& name : selected) {
    for (const auto& dependency : by_service[name]->depends_on) {
      if (dependency.condition == DependsCondition::kCompleted) {
        completes.insert(dependency.service);
      }
    }
  }

  std::vector<ContainerSpec> out;
  for (const auto& service : project.services) {
    if (!selected.contains(service.name)) continue;
    ContainerSpec spec;
    spec.name = service.container_name;
    spec.service = service.name;
    for (const auto& dependency : service.depends_on) {
      const std::string& container =
          by_service[dependency.service]->container_name;
      if (!spec.conditions.contains(container))
        spec.depends_on.push_back(container);
      spec.conditions[container] = dependency.condition;
    }
    for (const auto& dependency : extra_deps[service.name]) {
      const std::string& container = by_service[dependency]->container_name;
      if (!spec.conditions.contains(container)) {
        spec.depends_on.push_back(container);
        spec.conditions[container] = DependsCondition::kHealthy;
      }
    }
    spec.timeout = HasActiveHealthcheck(service)
                       ? HealthcheckDeadline(*service.healthcheck)
                       : kDefaultContainerTimeout;
    const auto settings = overlay.find(service.name);
    if (settings != overlay.end()) {
      spec.readiness = settings->second->readiness;
      spec.probe = settings->second->probe;
      spec.required = settings->second->required;
      if (settings->second->timeout.count() > 0) {
        spec.timeout = settings->second->timeout;
      }
    }
    if (completes.contains(service.name)) {
      spec.readiness = ReadinessKind::kCompleted;
      if (settings == overlay.end() || settings->second->timeout.count() == 0) {
        spec.timeout = kDefaultContainerTimeout;
      }
    }
    CreateRecipe recipe;
    recipe.service = service.name;
    recipe.create_args = BuildCreateArgs(project, service);
    recipe.volumes = VolumesToCreate(project, service);
    recipe.bind_sources = BindSources(service);
    recipe.blockers = BuiltinCreateBlockers(service);
    spec.create = std::move(recipe);
    out.push_back(std::move(spec));
  }
  PlanLevels(out);  // Throws for a dependency cycle.
  return out;
}

std::vector<ContainerSpec> ResolveContainers(
    const StarterConfig& config,
    const plugin_common::VariableMap& environment) {
  if (config.compose_file.empty()) return config.containers;
  return ComposeContainers(LoadConfiguredCompose(config, environment), config);
}

}  // namespace stackprobe::starter
