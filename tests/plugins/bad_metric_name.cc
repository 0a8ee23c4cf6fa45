// SPDX-License-Identifier: Apache-2.0
// A probe plugin that loads and runs but reports a sample whose name
// Prometheus cannot take: `stackprobe plugins --check` must fail it and say
// which sample.
#include <string>

#include "stackprobe/plugin.h"

namespace {
class BadMetricName final : public stackprobe::Probe {
 public:
  explicit BadMetricName(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    auto result = stackprobe::MakeResult(stackprobe::State::kUp, "none", "ok");
    stackprobe::AddGauge(result, "requests-per-second", "A name with dashes.",
                         1);
    return result;
  }
};
constexpr const char* kSchema =
    R"json({"type":"object","additionalProperties":false,"properties":{}})json";
}  // namespace

STACKPROBE_PLUGIN(BadMetricName, "bad_metric_name", "1.0.0",
                  "Reports a sample named requests-per-second.", kSchema,
                  nullptr)
