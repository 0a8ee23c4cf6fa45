// SPDX-License-Identifier: Apache-2.0
#include "basic_fake_context.h"

namespace stackprobe::testing {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

}  // namespace

template <class Impl>
BasicFakeContext<Impl>::BasicFakeContext(std::string instance_name,
                                         std::chrono::milliseconds timeout)
    : instance_name_(std::move(instance_name)) {
  services_.http = &http_;
  services_.latest_result = [this](const std::string& probe, ProbeRecord& out) {
    std::lock_guard lock(mutex_);
    auto it = latest_.find(probe);
    if (it == latest_.end()) return false;
    out = it->second;
    return true;
  };
  services_.log = [this](LogLevel level, std::string_view,
                         std::string_view message) {
    std::lock_guard lock(mutex_);
    logs_.push_back(std::string(LevelName(level)) + ": " +
                    std::string(message));
  };
  Reset(timeout);
}

template <class Impl>
BasicFakeContext<Impl>::~BasicFakeContext() = default;

template <class Impl>
void BasicFakeContext<Impl>::Reset(std::chrono::milliseconds timeout) {
  context_.reset();
  cancelled_ = false;
  context_ = std::make_unique<Impl>(services_, instance_name_,
                                    std::chrono::steady_clock::now() + timeout,
                                    &cancelled_);
}

template <class Impl>
void BasicFakeContext<Impl>::SetLatestResult(const std::string& probe,
                                             ProbeRecord record) {
  if (record.probe.empty()) record.probe = probe;
  std::lock_guard lock(mutex_);
  latest_[probe] = std::move(record);
}

template <class Impl>
std::vector<std::string> BasicFakeContext<Impl>::logs() const {
  std::lock_guard lock(mutex_);
  return logs_;
}

template <class Impl>
bool BasicFakeContext<Impl>::HasLog(std::string_view needle) const {
  std::lock_guard lock(mutex_);
  for (const auto& line : logs_) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

template class BasicFakeContext<host::ProbeContextImpl>;
template class BasicFakeContext<host::SinkContextImpl>;
template class BasicFakeContext<host::ActionContextImpl>;

FakeActionContext::FakeActionContext(std::string instance_name,
                                     std::chrono::milliseconds timeout)
    : BasicFakeContext(std::move(instance_name), timeout) {
  services().progress = [this](std::string_view line) {
    std::lock_guard lock(mutex_);
    progress_.emplace_back(line);
  };
  services().probe_names = [this] {
    std::lock_guard lock(mutex_);
    if (names_set_) return names_;
    std::vector<std::string> names;
    for (const auto& entry : run_results_) names.push_back(entry.first);
    return names;
  };
  services().run_probe_now = [this](const std::string& probe,
                                    ProbeRecord& out) {
    RunProbeHandler handler;
    {
      std::lock_guard lock(mutex_);
      probes_run_.push_back(probe);
      auto it = run_results_.find(probe);
      if (it != run_results_.end()) {
        out = it->second;
        return true;
      }
      handler = run_handler_;
    }
    // Called unlocked: the handler may script further results.
    return handler ? handler(probe, out) : false;
  };
}

void FakeActionContext::SetProbeResult(const std::string& probe,
                                       ProbeRecord record) {
  if (record.probe.empty()) record.probe = probe;
  std::lock_guard lock(mutex_);
  run_results_[probe] = std::move(record);
}

void FakeActionContext::SetRunProbeHandler(RunProbeHandler handler) {
  std::lock_guard lock(mutex_);
  run_handler_ = std::move(handler);
}

void FakeActionContext::SetProbeNames(std::vector<std::string> names) {
  std::lock_guard lock(mutex_);
  names_set_ = true;
  names_ = std::move(names);
}

std::vector<std::string> FakeActionContext::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

std::vector<std::string> FakeActionContext::probes_run() const {
  std::lock_guard lock(mutex_);
  return probes_run_;
}

}  // namespace stackprobe::testing
