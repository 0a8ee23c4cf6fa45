// SPDX-License-Identifier: Apache-2.0
// A probe plugin whose schema lets unknown keys through and leaves an
// optional key without a default: `stackprobe plugins --check` must fail
// its schema and say why.
#include <string>

#include "stackprobe/plugin.h"

namespace {
class OpenSchema final : public stackprobe::Probe {
 public:
  explicit OpenSchema(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    return stackprobe::MakeResult(stackprobe::State::kUp, "none", "ok");
  }
};
constexpr const char* kSchema =
    R"json({"type":"object","properties":{"retries":{"type":"integer"}}})json";
}  // namespace

STACKPROBE_PLUGIN(OpenSchema, "open_schema", "1.0.0",
                  "A schema that accepts any key.", kSchema, nullptr)
