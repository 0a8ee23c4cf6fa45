// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/probe_config.h"

namespace stackprobe::fake_stack {

std::string ProbeConfigYaml(const ServiceEndpoints& endpoints,
                            const std::string& listen) {
  auto probe = [](const std::string& name, const std::string& url,
                  const std::string& extra) {
    return "  - name: " + name + "\n    plugin: " + name +
           "\n    interval: 10s\n    timeout: 5s\n    config:\n      "
           "base_url: " +
           url + "\n" + extra;
  };
  return "# stackprobe config for the fake AI stack (stackprobe-fake-stack).\n"
         "listen: [\"" +
         listen + "\"]\nprobes:\n" +
         probe("embeddings", endpoints.embeddings,
               "      semantic_check: true\n") +
         probe("aidb", endpoints.aidb, "") +
         probe("hybrid_coordinator", endpoints.hybrid, "") +
         probe("qdrant", endpoints.qdrant,
               "      embeddings_probe: embeddings\n") +
         probe("llama_cpp", endpoints.llama, "");
}

}  // namespace stackprobe::fake_stack
