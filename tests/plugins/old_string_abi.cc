// SPDX-License-Identifier: Apache-2.0
// A well-formed plugin compiled with -D_GLIBCXX_USE_CXX11_ABI=0 (see
// CMakeLists.txt): its std::string is not the host's.
#include "stackprobe/plugin.h"

namespace {
class Idle final : public stackprobe::Probe {
 public:
  explicit Idle(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override { return {}; }
};
}  // namespace

STACKPROBE_PLUGIN(Idle, "old_string_abi", "1.0.0",
                  "Built for the pre-C++11 std::string.", "{}", nullptr)
