// SPDX-License-Identifier: Apache-2.0
#include "podman_client.h"

#include <unistd.h>  // environ (_GNU_SOURCE, which g++ defines)

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/text.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;

std::string TrimPodmanText(const std::string& text) {
  return std::string(plugin_common::Trim(text));
}

// The msg="..." value of a podman (logrus) log line, unescaped; empty when
// the line has none.
std::string LogrusMessage(const std::string& line) {
  const auto at = line.find("msg=\"");
  if (at == std::string::npos) return "";
  std::string out;
  for (std::size_t i = at + 5; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      const char next = line[++i];
      out += next == 'n' ? ' ' : next;
    } else if (line[i] == '"') {
      break;
    } else {
      out += line[i];
    }
  }
  return TrimPodmanText(out);
}

}  // namespace

std::vector<std::string> PodmanEnvironment(
    const std::vector<std::string>& inherited,
    const std::map<std::string, std::string>& extra_env,
    const std::string& path) {
  const std::set<std::string> withheld(std::begin(kWithheldVariables),
                                       std::end(kWithheldVariables));
  std::vector<std::string> out;
  for (const auto& entry : inherited) {
    const std::string name = entry.substr(0, entry.find('='));
    if (withheld.contains(name) || extra_env.contains(name) || name == "PATH") {
      continue;
    }
    out.push_back(entry);
  }
  for (const auto& [name, value] : extra_env) {
    if (name != "PATH") out.push_back(name + "=" + value);
  }
  out.push_back("PATH=" + path);
  return out;
}

std::string DescribeFailure(const CommandResult& result) {
  if (!result.started)
    return result.error.empty() ? "not started" : result.error;
  if (result.timed_out) return "timed out";
  std::string chosen, last;
  std::istringstream lines(result.stderr_data);
  std::string line;
  while (std::getline(lines, line)) {
    line = TrimPodmanText(line);
    if (line.empty()) continue;
    last = line;
    if (line.starts_with("Error:")) {
      chosen = line;
    } else if (line.find("level=error") != std::string::npos ||
               line.find("level=fatal") != std::string::npos) {
      const std::string message = LogrusMessage(line);
      if (!message.empty()) chosen = message;
    }
  }
  std::string err = chosen.empty() ? last : chosen;
  if (!err.empty()) {
    if (err.size() > 300) err = err.substr(0, 300) + "...";
    if (result.exit_code > 0) {
      err += " (exit code " + std::to_string(result.exit_code) + ")";
    }
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
    json doc = plugin_common::ParseBoundedJsonOrThrow(json_text);
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
      const auto exit_code = state.find("ExitCode");
      if (exit_code != state.end() && exit_code->is_number_integer()) {
        status.exit_code = exit_code->get<int>();
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
  // The process's environment (HOME, XDG_RUNTIME_DIR, CONTAINERS_CONF ...)
  // is what podman needs to find the user's storage; PATH is replaced and
  // systemd's variables are withheld, so podman gets the whole environment
  // explicitly rather than inheriting it.
  std::vector<std::string> inherited;
  for (char** item = environ; item != nullptr && *item != nullptr; ++item) {
    inherited.emplace_back(*item);
  }
  env_ = PodmanEnvironment(inherited, extra_env, path);
}

CommandResult PodmanClient::Run(const std::vector<std::string>& args) const {
  return Run(args, timeout_);
}

CommandResult PodmanClient::Run(const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout) const {
  std::vector<std::string> argv = {program_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, {}, timeout);
}

CommandResult PodmanClient::RunProgram(
    const std::vector<std::string>& argv,
    const std::vector<std::string>& extra_env,
    std::chrono::milliseconds timeout) const {
  CommandRequest request;
  request.argv = argv;
  request.inherit_env = false;
  request.env = env_;
  request.env.insert(request.env.end(), extra_env.begin(), extra_env.end());
  request.timeout = timeout;
  request.max_output_bytes = 4 << 20;
  return context_.RunCommand(request);
}

Existence PodmanClient::Exists(const std::string& name) const {
  const CommandResult result = Run({"container", "exists", name});
  if (!result.started || result.timed_out) return Existence::kUnknown;
  if (result.exit_code == 0) return Existence::kExists;
  if (result.exit_code == 1) return Existence::kMissing;
  return Existence::kUnknown;
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
