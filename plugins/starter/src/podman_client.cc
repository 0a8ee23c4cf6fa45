// SPDX-License-Identifier: Apache-2.0
#include "podman_client.h"

#include <nlohmann/json.hpp>

namespace stackprobe::starter {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 64;

json ParseBounded(const std::string& text) {
  return json::parse(
      text,
      [](int depth, json::parse_event_t, json&) {
        if (depth > kMaxJsonDepth) throw std::runtime_error("JSON too deep");
        return true;
      },
      /*allow_exceptions=*/true);
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string DescribeFailure(const CommandResult& result) {
  if (!result.started)
    return result.error.empty() ? "not started" : result.error;
  if (result.timed_out) return "timed out";
  std::string err = Trim(result.stderr_data);
  if (!err.empty()) {
    const auto newline = err.rfind('\n');
    if (newline != std::string::npos) err = Trim(err.substr(newline + 1));
    if (err.size() > 300) err = err.substr(0, 300) + "...";
    return err;
  }
  if (result.term_signal != 0) {
    return "killed by signal " + std::to_string(result.term_signal);
  }
  return "exit code " + std::to_string(result.exit_code);
}

ContainerStatus ParseInspect(const std::string& json_text) {
  ContainerStatus status;
  try {
    json doc = ParseBounded(json_text);
    if (doc.is_array()) {
      if (doc.empty()) {
        status.error = "podman inspect returned no object";
        return status;
      }
      doc = doc[0];
    }
    if (!doc.is_object()) {
      status.error = "podman inspect returned no object";
      return status;
    }
    status.exists = true;
    const json state = doc.value("State", json::object());
    if (state.is_object()) {
      const auto running = state.find("Running");
      if (running != state.end() && running->is_boolean()) {
        status.running = running->get<bool>();
      }
      const auto text = state.find("Status");
      if (text != state.end() && text->is_string()) {
        status.status = text->get<std::string>();
        if (status.status == "running") status.running = true;
      }
      for (const char* key : {"Health", "Healthcheck"}) {
        const auto health = state.find(key);
        if (health != state.end() && health->is_object()) {
          const auto value = health->find("Status");
          if (value != health->end() && value->is_string()) {
            status.health = value->get<std::string>();
          }
        }
      }
    }
    const json config = doc.value("Config", json::object());
    if (config.is_object()) {
      const auto check = config.find("Healthcheck");
      if (check != config.end() && check->is_object()) {
        const auto test = check->find("Test");
        status.has_healthcheck = test != check->end() && test->is_array() &&
                                 !test->empty() &&
                                 !(test->size() == 1 && (*test)[0] == "NONE");
      }
    }
  } catch (const std::exception& e) {
    status.exists = false;
    status.error = std::string("unreadable podman inspect output: ") + e.what();
  }
  return status;
}

PodmanClient::PodmanClient(HostContext& context, std::string program,
                           std::string path,
                           const std::map<std::string, std::string>& extra_env,
                           std::chrono::milliseconds timeout)
    : context_(context), program_(std::move(program)), timeout_(timeout) {
  for (const auto& [name, value] : extra_env)
    env_.push_back(name + "=" + value);
  env_.push_back("PATH=" + path);
}

CommandResult PodmanClient::Run(const std::vector<std::string>& args) const {
  CommandRequest request;
  request.argv.push_back(program_);
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  // The host's environment (HOME, XDG_RUNTIME_DIR, CONTAINERS_CONF ...) is
  // what podman needs to find the user's storage; only PATH is replaced.
  request.inherit_env = true;
  request.env = env_;
  request.timeout = timeout_;
  request.max_output_bytes = 4 << 20;
  return context_.RunCommand(request);
}

ContainerStatus PodmanClient::Inspect(const std::string& name) const {
  const CommandResult result =
      Run({"container", "inspect", "--format", "json", name});
  if (!result.started || result.exit_code != 0) {
    ContainerStatus status;
    status.error = DescribeFailure(result);
    return status;
  }
  return ParseInspect(result.stdout_data);
}

std::string PodmanClient::Start(const std::string& name) const {
  const CommandResult result = Run({"start", name});
  if (result.started && result.exit_code == 0) return "";
  return DescribeFailure(result);
}

HealthOutcome PodmanClient::Healthcheck(const std::string& name) const {
  const CommandResult result = Run({"healthcheck", "run", name});
  if (!result.started || result.timed_out) return HealthOutcome::kError;
  switch (result.exit_code) {
    case 0:
      return HealthOutcome::kHealthy;
    case 1:
      return HealthOutcome::kUnhealthy;
    case 125:
      return HealthOutcome::kNoCheck;
    default:
      return HealthOutcome::kError;
  }
}

}  // namespace stackprobe::starter
