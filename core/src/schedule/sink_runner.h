// SPDX-License-Identifier: Apache-2.0
//
// Feeds every new snapshot of the result store to the configured sinks, on
// one thread, at most once per min_period (snapshots arriving meanwhile are
// coalesced: a sink always gets the newest).
#ifndef STACKPROBE_SCHEDULE_SINK_RUNNER_H_
#define STACKPROBE_SCHEDULE_SINK_RUNNER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "host/host_context.h"
#include "loader/plugin_loader.h"
#include "schedule/result_store.h"

namespace stackprobe::schedule {

/// A configured sink, ready to consume.
struct ConfiguredSink {
  std::string name;
  loader::PluginObject object;  ///< A Sink.
  /// Probes its config names (what it reads from snapshots).
  std::vector<std::string> reads;
};

/// Converts a store snapshot to the plugin-facing Snapshot.
Snapshot ToPluginSnapshot(const model::StoreSnapshot& snapshot);

/// Calls one sink with one snapshot, containing exceptions. Returns false
/// (after logging) when the sink threw.
bool ConsumeSafely(ConfiguredSink& sink, const host::HostServices& services,
                   const Snapshot& snapshot, std::chrono::milliseconds timeout);

/// Told of every snapshot a sink consumed: the sink's name, whether it
/// succeeded, and how long it took.
using SinkObserver =
    std::function<void(const std::string& sink, bool success, double seconds)>;

class SinkRunner {
 public:
  /// `observer` may be empty.
  SinkRunner(
      std::vector<ConfiguredSink> sinks, const ResultStore& store,
      host::HostServices services, SinkObserver observer = {},
      std::chrono::milliseconds min_period = std::chrono::milliseconds(25));
  ~SinkRunner();
  SinkRunner(const SinkRunner&) = delete;
  SinkRunner& operator=(const SinkRunner&) = delete;

  void Start();
  void Stop();

 private:
  void Loop();

  std::vector<ConfiguredSink> sinks_;
  const ResultStore& store_;
  host::HostServices services_;
  SinkObserver observer_;
  std::chrono::milliseconds min_period_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_SINK_RUNNER_H_
