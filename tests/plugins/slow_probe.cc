// SPDX-License-Identifier: Apache-2.0
// A probe that waits for its deadline or cancellation (a target that never
// answers), polling the context like a well-behaved plugin.
#include <thread>

#include "stackprobe/plugin.h"

namespace {
class SlowProbe final : public stackprobe::Probe {
 public:
  explicit SlowProbe(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext& context) override {
    while (!context.Cancelled() &&
           std::chrono::steady_clock::now() < context.Deadline()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return stackprobe::MakeResult(stackprobe::State::kDown, "timeout",
                                  "no answer before the deadline");
  }
};
}  // namespace

STACKPROBE_PLUGIN(SlowProbe, "slow_probe", "1.0.0", "Never answers in time.",
                  "{}", nullptr)
