// SPDX-License-Identifier: Apache-2.0
//
// Facts followed: the Compose specification (github.com/compose-spec/
// compose-spec, 04-version-and-name.md for the project name,
// 12-interpolation.md) and podman-compose 1.0.3
// (/usr/lib/python3/dist-packages/podman_compose.py on Debian 12:
// _parse_compose_file for the project name and the `.env` beside the file).
#include "compose_parser.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "compose_service_reader.h"
#include "compose_text.h"

namespace stackprobe::starter {
namespace {

constexpr std::size_t kMaxComposeBytes = 4 << 20;
constexpr int kMaxComposeDepth = 64;
constexpr std::size_t kMaxComposeNodes = 200'000;

std::string ReadComposeText(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::invalid_argument(what + " " + path + ": cannot be read");
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxComposeBytes) {
      throw std::invalid_argument(what + " " + path + ": larger than 4 MiB");
    }
  }
  return text;
}

// yaml-cpp 0.7 does not apply YAML merge keys (`<<: *anchor`), which compose
// files use for shared settings: copy the tree with merges applied (keys
// written in the mapping win over merged ones), counting nodes so that alias
// bombs stop early.
YAML::Node ResolveYamlMerges(const YAML::Node& node, int depth,
                             std::size_t& nodes) {
  if (depth > kMaxComposeDepth || ++nodes > kMaxComposeNodes) {
    throw std::invalid_argument("too deeply nested or too large");
  }
  if (node.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    std::set<std::string> seen;
    YAML::Node merge;
    for (const auto& item : node) {
      const std::string key = item.first.Scalar();
      if (key == "<<") {
        merge = item.second;
        continue;
      }
      seen.insert(key);
      out[key] = ResolveYamlMerges(item.second, depth + 1, nodes);
    }
    if (merge.IsDefined()) {
      std::vector<YAML::Node> sources;
      if (merge.IsSequence()) {
        for (const auto& source : merge) sources.push_back(source);
      } else {
        sources.push_back(merge);
      }
      for (const auto& source : sources) {
        if (!source.IsMap()) continue;
        const YAML::Node resolved = ResolveYamlMerges(source, depth + 1, nodes);
        for (const auto& item : resolved) {
          const std::string key = item.first.Scalar();
          if (seen.insert(key).second) out[key] = item.second;
        }
      }
    }
    return out;
  }
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : node) {
      out.push_back(ResolveYamlMerges(item, depth + 1, nodes));
    }
    return out;
  }
  return node;
}

std::string ProjectNameFromFolder(const std::string& folder) {
  // podman-compose 1.0.3: norm_re.sub('', basename.lower()), norm_re being
  // [^-_a-z0-9].
  std::string out;
  for (const char c : LowerAscii(folder)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_') {
      out += c;
    }
  }
  return out;
}

}  // namespace

ComposeProject LoadComposeProject(const ComposeSource& source) {
  ComposeProject project;
  project.file = source.file;
  const std::filesystem::path file_path =
      std::filesystem::absolute(std::filesystem::path(source.file));
  std::error_code error;
  const std::filesystem::path real_file =
      std::filesystem::weakly_canonical(file_path, error);
  project.dir = (error ? file_path : real_file).parent_path().string();
  const std::string text = ReadComposeText(source.file, "compose file");

  // Variables: the variables file, then the environment over it.
  std::string env_file = source.env_file;
  bool env_required = !env_file.empty();
  if (env_file.empty()) env_file = project.dir + "/.env";
  if (env_required || std::filesystem::exists(env_file)) {
    project.dotenv = plugin_common::ParseDotEnv(
        ReadComposeText(env_file, "env file"), source.environment, env_file);
  }
  project.variables = project.dotenv;
  for (const auto& [name, value] : source.environment) {
    project.variables[name] = value;
  }

  YAML::Node root;
  try {
    std::size_t nodes = 0;
    root = ResolveYamlMerges(YAML::Load(text), 0, nodes);
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(source.file + ": not valid YAML: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(source.file + ": " + e.what());
  }
  if (!root.IsMap()) {
    throw std::invalid_argument(source.file +
                                ": expected a mapping at the top");
  }
  const YAML::Node services = YamlChild(root, "services");
  if (!services.IsMap() || services.size() == 0) {
    throw std::invalid_argument(source.file +
                                ": services: expected a mapping of services");
  }

  // Project name (Compose specification: -p, COMPOSE_PROJECT_NAME, `name`,
  // then the folder's name).
  project.name = source.project_name;
  if (project.name.empty()) {
    const auto it = project.variables.find("COMPOSE_PROJECT_NAME");
    if (it != project.variables.end()) project.name = it->second;
  }
  if (project.name.empty() && YamlChild(root, "name").IsScalar()) {
    project.name =
        plugin_common::Interpolate(YamlChild(root, "name").Scalar(),
                                   project.variables, source.file + ": name");
  }
  if (project.name.empty()) {
    project.name =
        ProjectNameFromFolder(std::filesystem::path(project.dir).filename());
  }
  if (project.name.empty()) {
    throw std::invalid_argument(
        source.file + ": the project name is empty; set project_name");
  }

  const YAML::Node volumes = YamlChild(root, "volumes");
  if (volumes.IsMap()) {
    for (const auto& item : volumes) {
      const std::string key = item.first.Scalar();
      const std::string where = source.file + ": volumes." + key;
      ComposeVolume volume;
      const YAML::Node& spec = item.second;
      if (spec.IsMap()) {
        if (YamlChild(spec, "name").IsScalar()) {
          volume.name = plugin_common::Interpolate(
              YamlChild(spec, "name").Scalar(), project.variables, where);
        }
        const YAML::Node external = YamlChild(spec, "external");
        if (external.IsScalar()) {
          volume.external = external.Scalar() == "true";
        } else if (external.IsMap()) {
          volume.external = true;
          if (YamlChild(external, "name").IsScalar()) {
            volume.external_name = plugin_common::Interpolate(
                YamlChild(external, "name").Scalar(), project.variables, where);
          }
        }
        const YAML::Node labels = YamlChild(spec, "labels");
        if (labels.IsMap()) {
          for (const auto& label : labels) {
            volume.labels.push_back(
                label.first.Scalar() + "=" +
                plugin_common::Interpolate(label.second.Scalar(),
                                           project.variables, where));
          }
        } else if (labels.IsSequence()) {
          for (const auto& label : labels) {
            volume.labels.push_back(plugin_common::Interpolate(
                label.Scalar(), project.variables, where));
          }
        }
      }
      project.volumes[key] = std::move(volume);
    }
  }

  const auto home = project.variables.find("HOME");
  const std::string home_dir =
      home != project.variables.end() ? home->second : std::string();
  for (const auto& item : services) {
    project.services.push_back(ReadComposeService(
        project, source.file, home_dir, item.first.Scalar(), item.second));
  }
  std::set<std::string> names;
  for (const auto& service : project.services) names.insert(service.name);
  for (const auto& service : project.services) {
    for (const auto& dependency : service.depends_on) {
      if (!names.contains(dependency.service)) {
        throw std::invalid_argument(
            source.file + ": services." + service.name +
            ".depends_on: " + "expected a service of this file, got \"" +
            dependency.service + "\"");
      }
    }
  }
  return project;
}

}  // namespace stackprobe::starter
