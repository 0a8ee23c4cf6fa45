// SPDX-License-Identifier: Apache-2.0
//
// A stackprobe.yml that probes a running fake stack, for `run.sh --demo`.
#ifndef STACKPROBE_FAKE_STACK_PROBE_CONFIG_H_
#define STACKPROBE_FAKE_STACK_PROBE_CONFIG_H_

#include <string>

#include "stackprobe/fake_stack/fake_stack.h"

namespace stackprobe::fake_stack {

/// YAML text of a stackprobe config with one probe per service (embeddings,
/// aidb, hybrid_coordinator, qdrant, llama_cpp; each using the plugin of the
/// same name) pointed at `endpoints`, listening on the one address `listen`
/// ("127.0.0.1:9877").
std::string ProbeConfigYaml(const ServiceEndpoints& endpoints,
                            const std::string& listen);

}  // namespace stackprobe::fake_stack

#endif  // STACKPROBE_FAKE_STACK_PROBE_CONFIG_H_
