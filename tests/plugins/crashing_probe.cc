// SPDX-License-Identifier: Apache-2.0
// A probe that crashes on request, for the tests of `isolate: true`. On every
// run it reads one word from the file named by its config's state_file:
// "segfault" writes through a null pointer, "abort" calls std::abort,
// "loop" spins for ever ignoring its deadline, anything else answers up.
#include <cstdlib>
#include <fstream>
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

class CrashingProbe final : public stackprobe::Probe {
 public:
  explicit CrashingProbe(const std::string& config_json)
      : state_file_(StateFileFrom(config_json)) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    std::ifstream in(state_file_);
    std::string word;
    in >> word;
    if (word == "segfault") {
      // volatile: the compiler may not drop or reorder the faulting store.
      int* volatile target = nullptr;
      *target = 1;
    } else if (word == "abort") {
      std::abort();
    } else if (word == "loop") {
      volatile unsigned long spins = 0;
      while (true) spins = spins + 1;
    }
    stackprobe::ProbeResult result =
        stackprobe::MakeResult(stackprobe::State::kUp, "none", "fine");
    stackprobe::AddGauge(result, "runs", "Runs of this probe object.",
                         static_cast<double>(++runs_));
    return result;
  }

 private:
  std::string state_file_;
  unsigned long runs_ = 0;
};
constexpr const char* kSchema =
    R"({"type":"object","additionalProperties":false,"required":["state_file"],"properties":{"state_file":{"type":"string"}}})";
}  // namespace

STACKPROBE_PLUGIN(CrashingProbe, "crashing_probe", "1.0.0",
                  "Crashes, aborts or hangs as a state file says.", kSchema,
                  nullptr)
