// SPDX-License-Identifier: Apache-2.0
// A plugin whose Run throws, and one with a custom reason it did not declare.
#include <stdexcept>

#include "stackprobe/plugin.h"

namespace {
class ThrowingRun final : public stackprobe::Probe {
 public:
  explicit ThrowingRun(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    throw std::logic_error("index out of range in parser");
  }
};
}  // namespace

STACKPROBE_PLUGIN(ThrowingRun, "throwing_run", "1.0.0", "Throws in Run.", "{}",
                  nullptr)
