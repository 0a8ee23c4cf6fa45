// SPDX-License-Identifier: Apache-2.0
#include "schedule/sink_runner.h"

#include <spdlog/spdlog.h>

namespace stackprobe::schedule {

Snapshot ToPluginSnapshot(const model::StoreSnapshot& snapshot) {
  Snapshot out;
  out.generation = snapshot.generation;
  out.taken_at = snapshot.taken_at;
  out.probes.reserve(snapshot.probes.size());
  for (const auto& status : snapshot.probes) {
    out.probes.push_back(status.record);
  }
  return out;
}

bool ConsumeSafely(ConfiguredSink& sink, const host::HostServices& services,
                   const Snapshot& snapshot,
                   std::chrono::milliseconds timeout) {
  const std::atomic<bool> never_cancelled{false};
  host::SinkContextImpl context(services, sink.name,
                                std::chrono::steady_clock::now() + timeout,
                                &never_cancelled);
  try {
    static_cast<Sink*>(sink.object.get())->Consume(context, snapshot);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("event=sink_error sink={} message=\"{}\"", sink.name,
                  e.what());
  } catch (...) {
    spdlog::error("event=sink_error sink={} message=\"non-standard exception\"",
                  sink.name);
  }
  return false;
}

SinkRunner::SinkRunner(std::vector<ConfiguredSink> sinks,
                       const ResultStore& store, host::HostServices services,
                       SinkObserver observer,
                       std::chrono::milliseconds min_period)
    : sinks_(std::move(sinks)),
      store_(store),
      services_(std::move(services)),
      observer_(std::move(observer)),
      min_period_(min_period) {}

SinkRunner::~SinkRunner() { Stop(); }

void SinkRunner::Start() {
  if (sinks_.empty()) {
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

void SinkRunner::Stop() {
  stopping_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
}

void SinkRunner::Loop() {
  std::uint64_t seen = 0;
  while (!stopping_) {
    const auto generation =
        store_.WaitForChange(seen, std::chrono::milliseconds(100));
    if (stopping_ || generation == seen) {
      continue;
    }
    seen = generation;
    const auto snapshot = ToPluginSnapshot(*store_.Snapshot());
    for (auto& sink : sinks_) {
      const auto started = std::chrono::steady_clock::now();
      const bool ok =
          ConsumeSafely(sink, services_, snapshot, std::chrono::seconds(10));
      if (observer_) {
        observer_(sink.name, ok,
                  std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - started)
                      .count());
      }
    }
    // Coalesce bursts: results that land meanwhile go into the next call.
    const auto resume = std::chrono::steady_clock::now() + min_period_;
    while (!stopping_ && std::chrono::steady_clock::now() < resume) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

}  // namespace stackprobe::schedule
