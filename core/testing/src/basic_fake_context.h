// SPDX-License-Identifier: Apache-2.0
//
// Real host contexts for plugin unit tests: the real HTTP client, command
// runner, sockets and file writes, with the core's other services (probe
// results, logs, progress, probe runs) replaced by scriptable fakes.
// Behind the installed test kit's TestProbeContext & co.
// (stackprobe/testing/test_context.h), which hide the host types; the
// in-tree tests use these directly (tests/support/fake_context.h) to reach
// the services and the HTTP client.
#ifndef STACKPROBE_TESTING_BASIC_FAKE_CONTEXT_H_
#define STACKPROBE_TESTING_BASIC_FAKE_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/host_context.h"
#include "host/http_client.h"
#include "stackprobe/plugin.h"

namespace stackprobe::testing {

/// Default deadline of a fake context, counted from its (re)creation.
inline constexpr std::chrono::milliseconds kDefaultFakeTimeout{5000};

/// Owns an HttpClient, HostServices and one context of type `Impl` (one of
/// host::ProbeContextImpl, SinkContextImpl, ActionContextImpl). Log lines are
/// recorded as "LEVEL: message" (LEVEL is debug, info, warning or error).
/// Not copyable or movable (the services point back into it). Use from the
/// test's thread; the plugin may log from others.
template <class Impl>
class BasicFakeContext {
 public:
  /// Creates the context named `instance_name` with deadline now + timeout.
  explicit BasicFakeContext(
      std::string instance_name = "test",
      std::chrono::milliseconds timeout = kDefaultFakeTimeout);
  ~BasicFakeContext();
  BasicFakeContext(const BasicFakeContext&) = delete;
  BasicFakeContext& operator=(const BasicFakeContext&) = delete;

  /// The current context (valid until the next Reset or destruction).
  Impl& context() { return *context_; }
  /// Destroys the current context (closing its connections) and creates a
  /// new one with deadline now + `timeout`; clears the cancellation flag.
  /// Recorded logs and scripted results are kept.
  void Reset(std::chrono::milliseconds timeout = kDefaultFakeTimeout);
  /// Sets the flag the context reports through Cancelled().
  void Cancel(bool cancelled = true) { cancelled_ = cancelled; }
  /// Makes LatestResult(probe) answer `record` (record.probe is set to
  /// `probe` when empty).
  void SetLatestResult(const std::string& probe, ProbeRecord record);
  /// Every log line so far, "LEVEL: message".
  std::vector<std::string> logs() const;
  /// True when some log line contains `needle`.
  bool HasLog(std::string_view needle) const;
  /// The services behind the context, to override a callback directly.
  host::HostServices& services() { return services_; }
  /// The real HTTP client the context uses.
  const host::HttpClient& http_client() const { return http_; }

 protected:
  mutable std::mutex mutex_;  ///< Guards logs_ and the scripted maps.

 private:
  std::string instance_name_;
  host::HttpClient http_;
  host::HostServices services_;
  std::atomic<bool> cancelled_{false};
  std::map<std::string, ProbeRecord> latest_;
  std::vector<std::string> logs_;
  std::unique_ptr<Impl> context_;
};

extern template class BasicFakeContext<host::ProbeContextImpl>;
extern template class BasicFakeContext<host::SinkContextImpl>;
extern template class BasicFakeContext<host::ActionContextImpl>;

/// A probe's context: `ProbeContext& ctx = fake.context();`.
using FakeProbeContext = BasicFakeContext<host::ProbeContextImpl>;
/// A sink's context.
using FakeSinkContext = BasicFakeContext<host::SinkContextImpl>;

/// An action's context: records Progress lines and answers RunProbeNow from
/// scripted results or a callback.
class FakeActionContext : public BasicFakeContext<host::ActionContextImpl> {
 public:
  /// Answers RunProbeNow(probe, out) when no scripted result matches first.
  using RunProbeHandler =
      std::function<bool(const std::string& probe, ProbeRecord& out)>;

  explicit FakeActionContext(
      std::string instance_name = "test",
      std::chrono::milliseconds timeout = kDefaultFakeTimeout);

  /// Makes RunProbeNow(probe) answer `record`; the probe joins ProbeNames().
  void SetProbeResult(const std::string& probe, ProbeRecord record);
  /// Answers RunProbeNow for probes without a scripted result.
  void SetRunProbeHandler(RunProbeHandler handler);
  /// Replaces what ProbeNames() returns (default: the scripted probes).
  void SetProbeNames(std::vector<std::string> names);
  /// Every Progress line so far, in order.
  std::vector<std::string> progress() const;
  /// Every probe name passed to RunProbeNow, in order.
  std::vector<std::string> probes_run() const;

 private:
  std::map<std::string, ProbeRecord> run_results_;
  RunProbeHandler run_handler_;
  bool names_set_ = false;
  std::vector<std::string> names_;
  std::vector<std::string> progress_;
  std::vector<std::string> probes_run_;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTING_BASIC_FAKE_CONTEXT_H_
