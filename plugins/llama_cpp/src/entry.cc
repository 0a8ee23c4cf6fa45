// SPDX-License-Identifier: Apache-2.0
#include "llama_cpp_probe.h"
#include "llama_cpp_schema.h"
#include "stackprobe/plugin.h"

STACKPROBE_PLUGIN(stackprobe::plugins::llama_cpp::LlamaCppProbe, "llama_cpp",
                  "1.0.0",
                  "llama.cpp server: health, loaded model, relayed metrics",
                  stackprobe::plugins::llama_cpp::kLlamaCppConfigSchema,
                  nullptr)
