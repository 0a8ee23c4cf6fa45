// SPDX-License-Identifier: Apache-2.0
//
// The core's implementation of the plugin contexts (plugin.h): one object
// per plugin call, wired to process-wide services.
#ifndef STACKPROBE_HOST_HOST_CONTEXT_H_
#define STACKPROBE_HOST_HOST_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::host {

class HttpClient;
class SocketConnection;

/// Process-wide services shared by every context. Callbacks may be empty:
/// then LatestResult / RunProbeNow answer false and Progress only logs.
struct HostServices {
  /// Shared HTTP client; must outlive every context using it.
  const HttpClient* http = nullptr;
  /// Looks up the newest result of a configured probe.
  std::function<bool(const std::string& probe, ProbeRecord& out)> latest_result;
  /// Runs a configured probe now (actions only).
  std::function<bool(const std::string& probe, ProbeRecord& out)> run_probe_now;
  /// Names of the configured probes (actions only).
  std::function<std::vector<std::string>()> probe_names;
  /// Receives an action's progress lines.
  std::function<void(std::string_view line)> progress;
  /// When set, receives every plugin log line instead of spdlog (tests, or a
  /// command that shows plugin logs to the user).
  std::function<void(LogLevel level, std::string_view instance,
                     std::string_view message)>
      log;
  /// Called after every failed WriteFileAtomically with the instance name
  /// (the daemon counts them: stackprobe_file_write_failures_total).
  std::function<void(std::string_view instance)> file_write_failed;
};

/// Implements the HostContext methods for one call of one plugin instance.
/// Not copyable; lives on the stack of the caller for the duration of a call.
/// Connections opened through it are closed when it is destroyed. Every
/// method may be called from any thread while the plugin call it was made
/// for runs (Connect's list of connections is guarded by a mutex).
/// HTTP and commands go through HostServices::http and RunCommand with this
/// context's deadline and cancellation flag; a deadline already passed
/// answers kTimeout (or timed_out) without doing anything.
template <class Interface>
class HostContextImpl : public Interface {
 public:
  /// `services` and `cancelled` (may be null) must outlive the context.
  HostContextImpl(const HostServices& services, std::string instance_name,
                  std::chrono::steady_clock::time_point deadline,
                  const std::atomic<bool>* cancelled);
  /// Closes and frees every connection opened through this context.
  virtual ~HostContextImpl();
  HostContextImpl(const HostContextImpl&) = delete;
  HostContextImpl& operator=(const HostContextImpl&) = delete;

  std::chrono::steady_clock::time_point Deadline() const override;
  bool Cancelled() const override;
  const std::string& InstanceName() const override;
  HttpResponse Http(const HttpRequest& request) override;
  std::vector<HttpResponse> HttpMany(
      const std::vector<HttpRequest>& requests) override;
  CommandResult RunCommand(const CommandRequest& request) override;
  Connection* Connect(const ConnectRequest& request,
                      std::string& error) override;
  bool LatestResult(const std::string& probe, ProbeRecord& out) override;
  bool WriteFileAtomically(const std::string& path, std::string_view content,
                           std::uint32_t mode, std::string& error) override;
  void Log(LogLevel level, std::string_view message) override;

 protected:
  const HostServices& services() const { return services_; }

 private:
  const HostServices& services_;
  std::string instance_name_;
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<bool>* cancelled_;
  std::mutex connections_mutex_;
  std::vector<std::unique_ptr<SocketConnection>> connections_;  // guarded
};

using ProbeContextImpl = HostContextImpl<ProbeContext>;
using SinkContextImpl = HostContextImpl<SinkContext>;

/// Context of an action call: adds progress and probe runs via the services.
class ActionContextImpl final : public HostContextImpl<ActionContext> {
 public:
  using HostContextImpl<ActionContext>::HostContextImpl;
  void Progress(std::string_view line) override;
  std::vector<std::string> ProbeNames() override;
  bool RunProbeNow(const std::string& probe, ProbeRecord& out) override;
};

extern template class HostContextImpl<ProbeContext>;
extern template class HostContextImpl<SinkContext>;
extern template class HostContextImpl<ActionContext>;

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_HOST_CONTEXT_H_
