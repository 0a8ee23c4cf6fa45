// SPDX-License-Identifier: Apache-2.0
#include "isolate/worker.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <climits>
#include <nlohmann/json.hpp>
#include <string>

#include "config/json_schema.h"
#include "host/host_context.h"
#include "host/http_client.h"
#include "isolate/frame.h"
#include "isolate/protocol.h"
#include "loader/plugin_loader.h"

namespace stackprobe::isolate {
namespace {

using Clock = std::chrono::steady_clock;

// Sets the process up as a disposable child of its supervisor.
bool PrepareProcess(const WorkerOptions& options) {
  // A worker must never outlive the daemon that supervises it, even when the
  // daemon is killed with SIGKILL.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (options.parent_pid != 0 && ::getppid() != options.parent_pid) {
    return false;  // the parent died before the line above took effect
  }
  // Descriptors the daemon leaked (listening sockets, files) must not be
  // kept open by a worker.
  ::close_range(static_cast<unsigned>(options.fd) + 1, UINT_MAX, 0);
  // A crash must end the process with its real signal, so the supervisor can
  // name it, even in builds whose sanitizers install their own handlers.
  for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) {
    ::signal(signal_number, SIG_DFL);
  }
  return true;
}

loader::PluginObject CreateProbe(loader::PluginLoader& loader,
                                 const RunRequest& request,
                                 std::string& error) {
  std::string why;
  auto plugin = loader.LoadFile(request.plugin_path, why);
  if (!plugin) {
    error = "the worker refused " + request.plugin_path + ": " + why;
    return nullptr;
  }
  if (plugin->name != request.plugin || plugin->kind != PluginKind::kProbe) {
    error = "the worker expected the probe plugin \"" + request.plugin +
            "\" in " + request.plugin_path;
    return nullptr;
  }
  try {
    const auto schema = nlohmann::json::parse(plugin->config_schema);
    auto config = nlohmann::json::parse(request.config_json);
    if (auto problem =
            config::ValidateAndFillDefaults(schema, config, "config")) {
      error = *problem;
      return nullptr;
    }
    return loader::CreateInstance(*plugin, config.dump(), error);
  } catch (const std::exception& e) {
    error = std::string("config: ") + e.what();
    return nullptr;
  }
}

ProbeResult RunOnce(Probe& probe, const host::HostServices& services,
                    const RunRequest& request) {
  host::ProbeContextImpl context(services, request.instance,
                                 Clock::now() + request.deadline, nullptr);
  try {
    return probe.Run(context);
  } catch (const std::exception& e) {
    return MakeResult(State::kError, reason::kPluginError,
                      std::string("the plugin threw: ") + e.what());
  } catch (...) {
    return MakeResult(State::kError, reason::kPluginError,
                      "the plugin threw a non-standard exception");
  }
}

}  // namespace

int RunWorker(const WorkerOptions& options) {
  if (!PrepareProcess(options)) {
    return 1;
  }
  loader::PluginLoader loader;
  host::HttpClient http;
  host::HostServices services;
  services.http = &http;  // latest_result stays empty: answers false

  bool initialized = false;
  RunRequest first;
  loader::PluginObject object;
  std::string create_error;
  while (true) {
    std::string payload;
    std::string error;
    const auto status = ReadFrame(options.fd, payload, Clock::time_point::max(),
                                  nullptr, error);
    if (status == FrameStatus::kEof) {
      return 0;
    }
    if (status != FrameStatus::kOk) {
      spdlog::error("event=worker_read_failed error=\"{}\"", error);
      return 1;
    }
    RunRequest request;
    ProbeResult result;
    if (!DecodeRunRequest(payload, request, error)) {
      result = MakeResult(State::kError, reason::kPluginError, error);
    } else {
      if (!initialized) {
        initialized = true;
        first = request;
        object = CreateProbe(loader, request, create_error);
      }
      if (request.plugin_path != first.plugin_path ||
          request.plugin != first.plugin ||
          request.config_json != first.config_json) {
        result = MakeResult(State::kError, reason::kPluginError,
                            "the worker already serves another plugin");
      } else if (!object) {
        result = MakeResult(State::kError, reason::kPluginError, create_error);
      } else {
        result = RunOnce(*static_cast<Probe*>(object.get()), services, request);
      }
    }
    if (WriteFrame(options.fd, EncodeResult(result), Clock::time_point::max(),
                   error) != FrameStatus::kOk) {
      return 1;  // the supervisor is gone or gave up on this run
    }
  }
}

}  // namespace stackprobe::isolate
