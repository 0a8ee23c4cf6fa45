// SPDX-License-Identifier: Apache-2.0
//
// What each fake service answers, per scenario, from the recorded fixtures.
#ifndef STACKPROBE_FAKE_STACK_SERVICE_REPLIES_H_
#define STACKPROBE_FAKE_STACK_SERVICE_REPLIES_H_

#include <map>
#include <string>

#include "stackprobe/fake_stack/fake_stack.h"
#include "stackprobe/fake_stack/loopback_server.h"

namespace stackprobe::fake_stack {

/// Fixture bodies by relative path ("qdrant/collections.json"). Immutable
/// after loading; safe to share between threads.
class Fixtures {
 public:
  /// Reads every fixture the fake stack serves from `dir`. Throws
  /// std::runtime_error naming the first missing file.
  explicit Fixtures(const std::string& dir);
  /// The body of `relative_path`; throws std::out_of_range when not loaded.
  const std::string& Get(const std::string& relative_path) const;

 private:
  std::map<std::string, std::string> bodies_;
};

/// The answer of `service` playing `scenario` to `request`. kDown is never
/// asked for (the port is closed). kSlow answers like kHealthy; the caller
/// adds the delay.
HttpReply ReplyFor(Service service, Scenario scenario, const Fixtures& fixtures,
                   const HttpExchange& request);

}  // namespace stackprobe::fake_stack

#endif  // STACKPROBE_FAKE_STACK_SERVICE_REPLIES_H_
