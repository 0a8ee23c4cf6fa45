// SPDX-License-Identifier: Apache-2.0
// An action that reports one progress line per step, waiting `step_ms`
// between steps (or until cancelled), then exits with `exit_code`; with
// `throws` 1 it throws a std::runtime_error instead, with 2 an int.
#include <stdexcept>
#include <string>
#include <thread>

#include "stackprobe/plugin.h"

namespace {

int IntField(const std::string& json, const std::string& key, int fallback) {
  const std::string marker = "\"" + key + "\":";
  const auto start = json.find(marker);
  return start == std::string::npos
             ? fallback
             : std::stoi(json.substr(start + marker.size()));
}

class SteppingAction final : public stackprobe::Action {
 public:
  explicit SteppingAction(const std::string& config_json)
      : steps_(IntField(config_json, "steps", 3)),
        step_ms_(IntField(config_json, "step_ms", 100)),
        exit_code_(IntField(config_json, "exit_code", 0)),
        throws_(IntField(config_json, "throws", 0)) {}

  stackprobe::ActionResult Run(stackprobe::ActionContext& context,
                               const std::vector<std::string>& args) override {
    for (int step = 1; step <= steps_; ++step) {
      context.Progress("step " + std::to_string(step) + " of " +
                       std::to_string(steps_));
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(step_ms_);
      while (!context.Cancelled() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    if (throws_ == 1) throw std::runtime_error("step failed");
    if (throws_ == 2) throw 42;
    stackprobe::ActionResult result;
    result.exit_code = exit_code_;
    result.summary = "did " + std::to_string(steps_) + " steps with " +
                     std::to_string(args.size()) + " arguments";
    return result;
  }

 private:
  int steps_;
  int step_ms_;
  int exit_code_;
  int throws_;
};

constexpr const char* kSchema =
    R"({"type":"object","additionalProperties":false,
  "properties":{"steps":{"type":"integer","default":3},
                "step_ms":{"type":"integer","default":100},
                "exit_code":{"type":"integer","default":0},
                "throws":{"type":"integer","default":0}}})";

}  // namespace

STACKPROBE_PLUGIN(SteppingAction, "stepping_action", "1.0.0",
                  "Reports progress in steps.", kSchema, nullptr)
