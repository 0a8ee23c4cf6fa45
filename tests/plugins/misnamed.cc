// SPDX-License-Identifier: Apache-2.0
// A plugin whose descriptor name differs from its file name.
#include "stackprobe/plugin.h"

namespace {
class Idle final : public stackprobe::Probe {
 public:
  explicit Idle(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override { return {}; }
};
}  // namespace

STACKPROBE_PLUGIN(Idle, "something_else", "1.0.0", "Misnamed.", "{}", nullptr)
