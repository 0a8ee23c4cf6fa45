// SPDX-License-Identifier: Apache-2.0
// A probe that waits for its deadline or cancellation (a target that never
// answers), polling the context like a well-behaved plugin. With
// {"started_file": PATH} it creates PATH when a run starts, so a test can
// wait until a hanging run is in flight.
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "stackprobe/plugin.h"

namespace {
std::string StartedFileFrom(const std::string& config_json) {
  // A tiny scan keeps this fixture free of a JSON library.
  const std::string key = "\"started_file\":\"";
  const auto start = config_json.find(key);
  if (start == std::string::npos) return {};
  const auto end = config_json.find('"', start + key.size());
  return config_json.substr(start + key.size(), end - start - key.size());
}

class SlowProbe final : public stackprobe::Probe {
 public:
  explicit SlowProbe(const std::string& config_json)
      : started_file_(StartedFileFrom(config_json)) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext& context) override {
    if (!started_file_.empty()) std::ofstream(started_file_) << "started\n";
    while (!context.Cancelled() &&
           std::chrono::steady_clock::now() < context.Deadline()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return stackprobe::MakeResult(stackprobe::State::kDown, "timeout",
                                  "no answer before the deadline");
  }

 private:
  std::string started_file_;
};
constexpr const char* kSchema =
    R"({"type":"object","additionalProperties":false,"properties":{"started_file":{"type":"string"}}})";
}  // namespace

STACKPROBE_PLUGIN(SlowProbe, "slow_probe", "1.0.0", "Never answers in time.",
                  kSchema, nullptr)
