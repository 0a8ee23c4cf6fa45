// SPDX-License-Identifier: Apache-2.0
// A plugin whose constructor always throws.
#include <stdexcept>

#include "stackprobe/plugin.h"

namespace {
class Throwing final : public stackprobe::Probe {
 public:
  explicit Throwing(const std::string&) {
    throw std::runtime_error("cannot open /nonexistent/model.bin");
  }
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override { return {}; }
};
}  // namespace

STACKPROBE_PLUGIN(Throwing, "throwing_create", "1.0.0", "Throws in create.",
                  "{}", nullptr)
