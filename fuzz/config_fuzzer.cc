// SPDX-License-Identifier: Apache-2.0
// Config text (YAML or JSON) -> ParseConfigText: a ConfigError or a Config,
// never a crash, a hang or another exception type.
#include <cstdint>
#include <cstdlib>
#include <exception>

#include "config/config.h"
#include "config/config_error.h"
#include "config/config_loader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  try {
    const auto config = stackprobe::config::ParseConfigText(
        stackprobe::fuzz::AsText(data, size), "fuzz.yml", "/nonexistent");
    // A config that parsed holds what the loader promises.
    for (const auto& probe : config.probes) {
      if (probe.interval.count() <= 0 || probe.timeout.count() <= 0 ||
          probe.timeout > probe.interval || !probe.config.is_object()) {
        std::abort();
      }
    }
  } catch (const stackprobe::config::ConfigError&) {
  }
  return 0;
}
