// SPDX-License-Identifier: Apache-2.0
#include "conformance/plugin_checks.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>

#include "config/json_schema.h"
#include "config/schema_annotations.h"
#include "expose/result_validation.h"
#include "host/host_context.h"
#include "host/http_client.h"

namespace stackprobe::conformance {
namespace {

using nlohmann::json;

// A key that carries or names a credential; a password_key names a
// variable of a file, not a credential.
bool LooksLikeCredential(const std::string& key) {
  for (const char* word : {"api_key", "token", "secret", "authorization"}) {
    if (key.find(word) != std::string::npos) return true;
  }
  return key == "headers" ||
         (key.find("password") != std::string::npos && !key.ends_with("_key"));
}

std::string FileName(const std::string& path) {
  return path.substr(path.find_last_of('/') + 1);
}

std::string SecondsText(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", seconds);
  return text;
}

}  // namespace

std::string DescriptorProblem(const loader::LoadedPlugin& plugin) {
  const std::string file = FileName(plugin.path);
  if (file != plugin.name + ".so") {
    return "the file is " + file + ", the plugin calls itself \"" +
           plugin.name + "\" (expected " + plugin.name + ".so)";
  }
  if (plugin.version.empty()) return "the descriptor has no version";
  if (plugin.description.empty()) return "the descriptor has no description";
  return "";
}

std::string SchemaProblem(const loader::LoadedPlugin& plugin) {
  const json schema = json::parse(plugin.config_schema, nullptr, false);
  if (schema.is_discarded() || !schema.is_object()) {
    return "config_schema is not a JSON object";
  }
  if (schema.value("type", json()) != "object") {
    return "config_schema: expected \"type\": \"object\"";
  }
  if (schema.value("additionalProperties", json()) != json(false)) {
    return "config_schema: expected \"additionalProperties\": false (unknown "
           "keys must be errors)";
  }
  std::set<std::string> required;
  for (const auto& key : schema.value("required", json::array())) {
    if (key.is_string()) required.insert(key.get<std::string>());
  }
  // Bound to a name: ranging over items() of a temporary would dangle.
  const json properties = schema.value("properties", json::object());
  for (const auto& [key, property] : properties.items()) {
    if (required.count(key) == 0 && !property.contains("default")) {
      return "config_schema: property \"" + key +
             "\" is neither required nor has a default";
    }
    if (LooksLikeCredential(key) &&
        property.value("format", json()) != config::kSecretFormat) {
      return "config_schema: property \"" + key +
             "\" looks like a credential: expected \"format\": \"" +
             config::kSecretFormat + "\"";
    }
  }
  const auto target_keys = config::TargetUrlKeys(schema);
  if (!target_keys.empty() && plugin.kind != PluginKind::kProbe) {
    return "config_schema: only probes take a target (\"format\": \"" +
           std::string(config::kTargetUrlFormat) + "\")";
  }
  if (target_keys.size() > 1) {
    return "config_schema: more than one \"format\": \"" +
           std::string(config::kTargetUrlFormat) + "\" property";
  }
  for (const auto& key : target_keys) {
    if (properties[key].value("type", json()) != "string") {
      return "config_schema: target-url property \"" + key +
             "\" is not a string";
    }
  }
  if (plugin.kind == PluginKind::kProbe) {
    for (const char* url_key : {"url", "base_url"}) {
      if (properties.contains(url_key) &&
          target_keys != std::vector<std::string>{url_key}) {
        return "config_schema: property \"" + std::string(url_key) +
               "\" is not marked \"format\": \"" + config::kTargetUrlFormat +
               "\"";
      }
    }
  }
  return "";
}

bool NamesAKey(const std::string& message) {
  const auto colon = message.find(": ");
  if (colon == std::string::npos || colon == 0 || colon + 2 >= message.size()) {
    return false;
  }
  const auto is_start = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
           c == '$';
  };
  if (!is_start(message[0])) return false;
  return std::all_of(
      message.begin() + 1, message.begin() + static_cast<std::ptrdiff_t>(colon),
      [&](char c) {
        return is_start(c) ||
               std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' ||
               c == '[' || c == ']';
      });
}

RunOutcome RunProbeOnce(const loader::LoadedPlugin& plugin, Probe& probe,
                        std::chrono::milliseconds timeout) {
  host::HttpClient http;
  host::HostServices services;
  services.http = &http;
  services.latest_result = [](const std::string&, ProbeRecord&) {
    return false;
  };
  services.log = [](LogLevel, std::string_view, std::string_view) {};
  std::atomic<bool> cancelled{false};
  RunOutcome outcome;
  const auto start = std::chrono::steady_clock::now();
  try {
    host::ProbeContextImpl context(services, plugin.name, start + timeout,
                                   &cancelled);
    outcome.result = probe.Run(context);
  } catch (const std::exception& e) {
    outcome.exception = e.what();
  } catch (...) {
    outcome.exception = "an exception that is not a std::exception";
  }
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (outcome.exception.empty()) {
    outcome.reported_samples = outcome.result.samples.size();
    const auto validation = expose::SanitizeResult(outcome.result, plugin.name,
                                                   plugin.allowed_reasons);
    outcome.lint_problem = validation.first_problem;
    outcome.dropped_samples = validation.dropped_samples;
    outcome.repaired_fields = validation.repaired_fields;
  }
  return outcome;
}

std::vector<CheckOutcome> CheckPluginFile(
    loader::PluginLoader& loader, const std::string& path,
    const std::string& partial_config_json, std::chrono::milliseconds timeout) {
  std::vector<CheckOutcome> checks;
  std::string why;
  const auto plugin = loader.LoadFile(path, why);
  if (plugin == nullptr) {
    checks.push_back(
        {"load", path + ": " + (why.empty() ? "refused" : why), ""});
    return checks;
  }
  checks.push_back({"load", "",
                    plugin->name + " " + plugin->version + ", " +
                        loader::KindName(plugin->kind) + ", plugin ABI " +
                        std::to_string(kAbiVersion) +
                        " (file trust, ABI, toolchain and name checked)"});
  const std::string descriptor_problem = DescriptorProblem(*plugin);
  checks.push_back(
      {"descriptor", descriptor_problem,
       "file " + FileName(plugin->path) + ", version and description set"});
  const std::string schema_problem = SchemaProblem(*plugin);
  checks.push_back({"schema", schema_problem,
                    "a closed object, every optional key has a default"});
  if (!schema_problem.empty()) return checks;

  json config = json::parse(partial_config_json, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    checks.push_back({"config",
                      "the config to check with is not a JSON object: " +
                          partial_config_json,
                      ""});
    return checks;
  }
  if (auto error = config::ValidateAndFillDefaults(
          json::parse(plugin->config_schema), config, "config")) {
    checks.push_back({"config", *error, ""});
    return checks;
  }
  checks.push_back({"config", "", config.dump()});

  std::string create_error;
  auto object = loader::CreateInstance(*plugin, config.dump(), create_error);
  if (object == nullptr) {
    std::string problem = "create refused the config: " + create_error;
    if (!NamesAKey(create_error)) {
      problem += " (the message must start with the key's path and \": \")";
    }
    checks.push_back({"create", problem, ""});
    return checks;
  }
  checks.push_back({"create", "", "created from that config"});
  auto* probe = dynamic_cast<Probe*>(object.get());
  if (plugin->kind != PluginKind::kProbe || probe == nullptr) return checks;

  const RunOutcome run = RunProbeOnce(*plugin, *probe, timeout);
  if (!run.exception.empty()) {
    checks.push_back({"run",
                      "Run threw: " + run.exception +
                          " (catch at the top of Run and return a "
                          "result)",
                      ""});
    return checks;
  }
  const auto limit = std::chrono::duration<double>(timeout).count();
  checks.push_back(
      {"run",
       run.seconds > limit + 1
           ? "Run took " + SecondsText(run.seconds) +
                 ", past its deadline of " + SecondsText(limit)
           : "",
       std::string(StateName(run.result.state)) + " (" + run.result.reason +
           ") in " + SecondsText(run.seconds) + ", " +
           std::to_string(run.reported_samples) +
           (run.reported_samples == 1 ? " sample" : " samples") +
           (run.result.message.empty() ? "" : ": " + run.result.message)});
  std::string lint;
  if (run.dropped_samples > 0 || run.repaired_fields > 0) {
    lint = run.lint_problem + " (" + std::to_string(run.dropped_samples) +
           " samples dropped, " + std::to_string(run.repaired_fields) +
           " fields repaired)";
  }
  checks.push_back(
      {"samples", lint, "names, types, labels, HELP and reason clean"});
  return checks;
}

}  // namespace stackprobe::conformance
