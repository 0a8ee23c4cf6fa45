// SPDX-License-Identifier: Apache-2.0
//
// Plugin contexts for unit tests, part of the installed test kit
// (`find_package(stackprobe REQUIRED COMPONENTS testing)`, target
// stackprobe::testing). They are the host's own: a real HTTP client, command
// runner, socket connections and atomic file writes, bounded by a deadline
// as in the daemon; the core's other services (logs, other probes' results,
// progress, probe runs) are recorded or scripted by the test.
//
//   stackprobe::testing::TestProbeContext test_context;
//   stackprobe::ProbeResult result = probe.Run(test_context.context());
#ifndef STACKPROBE_TESTING_TEST_CONTEXT_H_
#define STACKPROBE_TESTING_TEST_CONTEXT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::testing {

/// Default deadline of a test context, counted from its (re)creation.
inline constexpr std::chrono::milliseconds kTestContextTimeout{5000};

/// Owns one host context of type `Context` (ProbeContext, SinkContext or
/// ActionContext) and the services behind it. Log lines are recorded as
/// "LEVEL: message" (LEVEL is debug, info, warning or error). Not copyable
/// or movable. Use from the test's thread; the plugin may call the context
/// from its own threads while the call it was passed to runs.
template <class Context>
class BasicTestContext {
 public:
  /// Creates the context named `instance_name` (what InstanceName()
  /// returns) with its deadline at now + `timeout`.
  explicit BasicTestContext(
      std::string instance_name = "test",
      std::chrono::milliseconds timeout = kTestContextTimeout);
  ~BasicTestContext();
  BasicTestContext(const BasicTestContext&) = delete;
  BasicTestContext& operator=(const BasicTestContext&) = delete;

  /// The context to pass to Run or Consume; valid until the next Reset or
  /// the destruction of this object.
  Context& context();
  /// Replaces the context by a new one with its deadline at now + `timeout`
  /// (connections of the old one are closed) and clears Cancelled().
  /// Recorded logs and scripted results are kept.
  void Reset(std::chrono::milliseconds timeout = kTestContextTimeout);
  /// Sets what the context's Cancelled() answers.
  void Cancel(bool cancelled = true);
  /// Makes LatestResult(probe) answer `record` (record.probe is set to
  /// `probe` when empty); other names answer false.
  void SetLatestResult(const std::string& probe, ProbeRecord record);
  /// Every log line so far, "LEVEL: message", in order.
  std::vector<std::string> logs() const;
  /// True when some log line contains `needle`.
  bool HasLog(std::string_view needle) const;

 protected:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class BasicTestContext<ProbeContext>;
extern template class BasicTestContext<SinkContext>;
extern template class BasicTestContext<ActionContext>;

/// A probe's context: `probe.Run(test_context.context())`.
using TestProbeContext = BasicTestContext<ProbeContext>;
/// A sink's context: `sink.Consume(test_context.context(), snapshot)`.
using TestSinkContext = BasicTestContext<SinkContext>;

/// An action's context: records Progress lines and answers RunProbeNow
/// from scripted results or a handler.
class TestActionContext : public BasicTestContext<ActionContext> {
 public:
  /// Answers RunProbeNow(probe, out) for probes without a scripted result;
  /// returns false for "no such probe".
  using RunProbeHandler =
      std::function<bool(const std::string& probe, ProbeRecord& out)>;

  explicit TestActionContext(
      std::string instance_name = "test",
      std::chrono::milliseconds timeout = kTestContextTimeout);

  /// Makes RunProbeNow(probe) answer `record`; the probe joins ProbeNames().
  void SetProbeResult(const std::string& probe, ProbeRecord record);
  /// Answers RunProbeNow for probes without a scripted result.
  void SetRunProbeHandler(RunProbeHandler handler);
  /// Replaces what ProbeNames() answers (default: the scripted probes).
  void SetProbeNames(std::vector<std::string> names);
  /// Every Progress line so far, in order.
  std::vector<std::string> progress() const;
  /// Every probe name passed to RunProbeNow, in order.
  std::vector<std::string> probes_run() const;
};

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTING_TEST_CONTEXT_H_
