// SPDX-License-Identifier: Apache-2.0
// A minimal well-formed probe plugin: up, with one gauge from its config.
#include <string>

#include "stackprobe/plugin.h"

namespace {
class GoodProbe final : public stackprobe::Probe {
 public:
  explicit GoodProbe(const std::string& config_json) : config_(config_json) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    auto result = stackprobe::MakeResult(stackprobe::State::kUp, "none", "ok");
    stackprobe::AddGauge(result, "config_bytes", "Length of the config text.",
                         static_cast<double>(config_.size()));
    return result;
  }

 private:
  std::string config_;
};
constexpr const char* kSchema =
    R"({"type":"object","additionalProperties":false,"properties":{"value":{"type":"integer","default":1}}})";
}  // namespace

STACKPROBE_PLUGIN(GoodProbe, "good_probe", "1.0.0", "A well-formed probe.",
                  kSchema, nullptr)
