// SPDX-License-Identifier: Apache-2.0
// A probe whose state (up, degraded, starting, error; anything else is down)
// is read from a file named in its config on every run, so tests can make a
// target fail and recover.
#include <fstream>
#include <sstream>
#include <string>

#include "stackprobe/plugin.h"

namespace {
std::string StateFileFrom(const std::string& config_json) {
  // The config is {"state_file":"..."}; a tiny scan keeps this fixture
  // free of a JSON library.
  const std::string key = "\"state_file\":\"";
  const auto start = config_json.find(key);
  if (start == std::string::npos) return {};
  const auto end = config_json.find('"', start + key.size());
  return config_json.substr(start + key.size(), end - start - key.size());
}

class FlakyProbe final : public stackprobe::Probe {
 public:
  explicit FlakyProbe(const std::string& config_json)
      : state_file_(StateFileFrom(config_json)) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    std::ifstream in(state_file_);
    std::string word;
    in >> word;
    if (word == "up") {
      return stackprobe::MakeResult(stackprobe::State::kUp, "none", "up");
    }
    if (word == "degraded") {
      return stackprobe::MakeResult(stackprobe::State::kDegraded, "none",
                                    "degraded");
    }
    if (word == "starting") {
      return stackprobe::MakeResult(stackprobe::State::kStarting, "none",
                                    "starting");
    }
    if (word == "error") {
      return stackprobe::MakeResult(stackprobe::State::kError, "plugin_error",
                                    "the probe failed");
    }
    return stackprobe::MakeResult(stackprobe::State::kDown, "refused",
                                  "state file says " + word);
  }

 private:
  std::string state_file_;
};
constexpr const char* kSchema =
    R"({"type":"object","additionalProperties":false,"required":["state_file"],"properties":{"state_file":{"type":"string"}}})";
}  // namespace

STACKPROBE_PLUGIN(FlakyProbe, "flaky_probe", "1.0.0", "State read from a file.",
                  kSchema, nullptr)
