// SPDX-License-Identifier: Apache-2.0
//
// The running exporter: the current config's probes, sinks and actions, and
// the reload that replaces them. A reload parses and creates everything new
// first and swaps only when all of it succeeded; a bad reload keeps the old
// generation running and is reported through the reload metrics.
#ifndef STACKPROBE_DAEMON_RUNTIME_H_
#define STACKPROBE_DAEMON_RUNTIME_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "daemon/instance_builder.h"
#include "expose/self_metrics.h"
#include "host/host_context.h"
#include "host/http_client.h"
#include "loader/plugin_loader.h"
#include "model/snapshot.h"
#include "schedule/result_store.h"

namespace stackprobe::daemon {

/// The progress and outcome of the newest action run started through the
/// API (one at a time).
struct ActionRun {
  std::string name;
  bool running = false;
  std::vector<std::string> progress;  ///< Progress lines, newest last.
  int exit_code = -1;                 ///< -1 while running.
  std::string summary;
  double started_at = 0;   ///< Unix seconds.
  double finished_at = 0;  ///< Unix seconds; 0 while running.
};

/// Why StartAction did not start anything.
enum class ActionStartError { kNone, kUnknown, kAlreadyRunning };

/// Why RunProbeAgainst did not run: the probe is not configured with
/// allow_target (kNotAllowed), or the request is unusable (kInvalid: an
/// unknown probe, a plugin that takes no target, a bad target).
enum class TargetRunError { kNone, kNotAllowed, kInvalid };

struct RuntimeOptions {
  std::string config_path;
  std::vector<std::string> cli_plugin_dirs;  ///< --plugin-dir, searched first.
  std::string default_plugin_dir;            ///< The install's plugin folder.
  std::string version;
  std::string revision;
};

/// Thread-safe. Start once; Reload any number of times; Stop once.
class Runtime {
 public:
  Runtime(RuntimeOptions options, loader::PluginLoader& loader,
          const host::HttpClient& http);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// Loads the config, builds everything and starts the probes. Throws
  /// config::ConfigError on a bad config.
  void Start();
  /// Re-reads the config file. True when the new config now runs; false
  /// (with `error`) when the old one was kept.
  bool Reload(std::string& error);
  /// Stops probes and sinks.
  void Stop();

  const schedule::ResultStore& store() const { return store_; }
  /// The exporter's own prometheus-cpp metrics: reloads, sink writes, the
  /// probes' duration histograms; the HTTP server registers its own in
  /// self_metrics().registry().
  expose::SelfMetrics& self_metrics() { return self_metrics_; }
  /// Self facts for the exposition (plugins, reload status).
  model::ExporterInfo Info() const;
  /// The current config (a copy).
  config::Config CurrentConfig() const;
  /// The current config's api.allowed_hosts (a copy; cheap per request).
  std::vector<std::string> AllowedHosts() const;
  /// Runs a configured probe now; false when unknown.
  bool RunProbeNow(const std::string& probe,
                   std::optional<std::chrono::milliseconds> timeout,
                   ProbeRecord& out);
  /// Runs a one-off copy of the configured probe `probe` against `target`
  /// (blackbox style), when the probe is configured with allow_target: the
  /// config key its plugin's schema marks "format": "target-url" is set to
  /// `target`. When `target` is on another origin than the configured URL,
  /// the keys marked "format": "secret" are removed from the copy first
  /// (their schema defaults apply). The result is not stored. kNone, or the
  /// refusal with `error` (also when the copy cannot be created: kInvalid).
  TargetRunError RunProbeAgainst(const std::string& probe,
                                 const std::string& target,
                                 std::chrono::milliseconds timeout,
                                 ProbeRecord& out, std::string& error);
  /// Plugin name of a configured probe, or "" when unknown.
  std::string PluginOf(const std::string& probe) const;
  /// Services for plugin contexts (HTTP client, results, probe runs).
  host::HostServices Services();

  /// Failed atomic file writes by instance name since the start (a copy).
  /// Thread-safe.
  std::map<std::string, std::uint64_t> FileWriteFailures() const;

  /// Starts the configured action `name` on a thread of its own, unless an
  /// action is already running.
  ActionStartError StartAction(const std::string& name,
                               const std::vector<std::string>& args);
  /// The newest action run (a copy).
  ActionRun LastAction() const;

 private:
  struct Generation;
  std::shared_ptr<Generation> Build();
  std::shared_ptr<Generation> Current() const;
  void ApplySelfMetrics(const config::Config& config);

  RuntimeOptions options_;
  loader::PluginLoader& loader_;
  const host::HttpClient& http_;
  expose::SelfMetrics self_metrics_;  // before store_: its observer uses it
  schedule::ResultStore store_;

  mutable std::mutex mutex_;  // guards current_ and the reload status
  std::shared_ptr<Generation> current_;
  bool last_reload_successful_ = true;
  double last_reload_success_timestamp_ = 0;
  double start_time_ = 0;
  std::mutex reload_mutex_;                  // one reload at a time
  mutable std::mutex write_failures_mutex_;  // guards write_failures_
  std::map<std::string, std::uint64_t> write_failures_;

  mutable std::mutex action_mutex_;  // guards action_run_ and action_thread_
  ActionRun action_run_;
  std::thread action_thread_;
  std::atomic<bool> action_cancelled_{false};
};

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_RUNTIME_H_
