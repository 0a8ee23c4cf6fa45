// SPDX-License-Identifier: Apache-2.0
#include "host/host_context.h"

#include <spdlog/spdlog.h>

#include "host/atomic_file.h"
#include "host/command_runner.h"
#include "host/http_client.h"
#include "host/socket_connection.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::host {
namespace {

using Clock = std::chrono::steady_clock;

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarning:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

HttpResponse Failure(HttpError error, std::string message) {
  HttpResponse response;
  response.error = error;
  response.error_message = std::move(message);
  return response;
}

}  // namespace

template <class Interface>
HostContextImpl<Interface>::HostContextImpl(const HostServices& services,
                                            std::string instance_name,
                                            Clock::time_point deadline,
                                            const std::atomic<bool>* cancelled)
    : services_(services),
      instance_name_(std::move(instance_name)),
      deadline_(deadline),
      cancelled_(cancelled) {}

template <class Interface>
HostContextImpl<Interface>::~HostContextImpl() = default;

template <class Interface>
Clock::time_point HostContextImpl<Interface>::Deadline() const {
  return deadline_;
}

template <class Interface>
bool HostContextImpl<Interface>::Cancelled() const {
  return cancelled_ != nullptr && cancelled_->load();
}

template <class Interface>
const std::string& HostContextImpl<Interface>::InstanceName() const {
  return instance_name_;
}

template <class Interface>
HttpResponse HostContextImpl<Interface>::Http(const HttpRequest& request) {
  if (services_.http == nullptr) {
    return Failure(HttpError::kOther, "no HTTP client");
  }
  if (Clock::now() >= deadline_) {
    return Failure(HttpError::kTimeout, "deadline passed before the request");
  }
  return services_.http->Perform(request, deadline_, cancelled_);
}

template <class Interface>
std::vector<HttpResponse> HostContextImpl<Interface>::HttpMany(
    const std::vector<HttpRequest>& requests) {
  if (services_.http == nullptr) {
    return std::vector<HttpResponse>(
        requests.size(), Failure(HttpError::kOther, "no HTTP client"));
  }
  if (Clock::now() >= deadline_) {
    return std::vector<HttpResponse>(
        requests.size(),
        Failure(HttpError::kTimeout, "deadline passed before the request"));
  }
  return services_.http->PerformMany(requests, deadline_, cancelled_);
}

template <class Interface>
CommandResult HostContextImpl<Interface>::RunCommand(
    const CommandRequest& request) {
  return host::RunCommand(request, deadline_, cancelled_);
}

template <class Interface>
Connection* HostContextImpl<Interface>::Connect(const ConnectRequest& request,
                                                std::string& error) {
  if (Clock::now() >= deadline_) {
    error = "deadline passed before the connect";
    return nullptr;
  }
  std::unique_ptr<SocketConnection> connection =
      SocketConnection::Open(request, deadline_, cancelled_, error);
  if (connection == nullptr) return nullptr;
  Connection* handed_out = connection.get();
  std::lock_guard<std::mutex> lock(connections_mutex_);
  connections_.push_back(std::move(connection));
  return handed_out;
}

template <class Interface>
bool HostContextImpl<Interface>::LatestResult(const std::string& probe,
                                              ProbeRecord& out) {
  return services_.latest_result ? services_.latest_result(probe, out) : false;
}

template <class Interface>
bool HostContextImpl<Interface>::WriteFileAtomically(const std::string& path,
                                                     std::string_view content,
                                                     std::uint32_t mode,
                                                     std::string& error) {
  if (host::WriteFileAtomically(path, content, mode, error)) {
    return true;
  }
  spdlog::warn("event=file_write_failed instance={} path={} error={}",
               instance_name_, sdk::LogfmtQuote(path), sdk::LogfmtQuote(error));
  if (services_.file_write_failed) {
    services_.file_write_failed(instance_name_);
  }
  return false;
}

template <class Interface>
void HostContextImpl<Interface>::Log(LogLevel level, std::string_view message) {
  if (services_.log) {
    services_.log(level, instance_name_, message);
    return;
  }
  spdlog::log(ToSpdlog(level), "instance={} msg={}", instance_name_,
              sdk::LogfmtQuote(message));
}

void ActionContextImpl::Progress(std::string_view line) {
  if (services().progress) {
    services().progress(line);
  } else {
    Log(LogLevel::kInfo, line);
  }
}

std::vector<std::string> ActionContextImpl::ProbeNames() {
  return services().probe_names ? services().probe_names()
                                : std::vector<std::string>{};
}

bool ActionContextImpl::RunProbeNow(const std::string& probe,
                                    ProbeRecord& out) {
  return services().run_probe_now ? services().run_probe_now(probe, out)
                                  : false;
}

template class HostContextImpl<ProbeContext>;
template class HostContextImpl<SinkContext>;
template class HostContextImpl<ActionContext>;

}  // namespace stackprobe::host
