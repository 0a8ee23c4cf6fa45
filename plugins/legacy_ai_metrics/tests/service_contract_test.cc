// SPDX-License-Identifier: Apache-2.0
//
// The service probes' details are the legacy document's input: run the
// real aidb, hybrid_coordinator and llama_cpp probes against the fake stack
// and check what the document makes of them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aidb_probe.h"
#include "aidb_schema.h"
#include "fake_context.h"
#include "hybrid_coordinator_probe.h"
#include "hybrid_coordinator_schema.h"
#include "legacy_document.h"
#include "legacy_test_data.h"
#include "llama_cpp_probe.h"
#include "llama_cpp_schema.h"
#include "stackprobe/fake_stack/fake_stack.h"

namespace stackprobe::legacy {
namespace {

using fake_stack::FakeStack;
using fake_stack::FakeStackOptions;
using fake_stack::Scenario;
using fake_stack::Service;
using Json = nlohmann::ordered_json;

ProbeRecord RunProbe(Probe& probe, const std::string& name) {
  stackprobe::testing::FakeProbeContext fake(name);
  ProbeRecord record;
  record.probe = name;
  record.plugin = name;
  record.has_run = true;
  record.runs = 1;
  record.result = probe.Run(fake.context());
  return record;
}

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) {
    keys.push_back(it.key());
  }
  return keys;
}

class ServiceContractTest : public ::testing::Test {
 protected:
  // Starts from the healthy snapshot, with `record` in place of its probe.
  Json DocumentWith(const ProbeRecord& record) {
    Snapshot snapshot = testing::HealthySnapshot();
    testing::Put(snapshot, record);
    return BuildLegacyDocument(snapshot, testing::DefaultOptions(), 0);
  }

  FakeStack stack_{FakeStackOptions{}};
};

TEST_F(ServiceContractTest, AidbHealthCheckKeepsAidbsKeyOrder) {
  aidb::AidbProbe probe(stackprobe::testing::HostConfig(
      aidb::kAidbSchema, Json{{"base_url", stack_.endpoints().aidb}}.dump()));
  const Json document = DocumentWith(RunProbe(probe, "aidb"));
  const Json& health_check = document["services"]["aidb"]["health_check"];
  EXPECT_EQ(Keys(health_check),
            (std::vector<std::string>{"status", "database", "redis",
                                      "ml_engine", "pgvector", "llama_cpp",
                                      "federation", "circuit_breakers"}));
  EXPECT_EQ(Keys(health_check["circuit_breakers"]),
            (std::vector<std::string>{"embeddings", "qdrant", "llama_cpp"}));
  EXPECT_EQ(document["services"]["aidb"]["status"], "ok");
}

TEST_F(ServiceContractTest, HybridHealthCheckKeepsTheCoordinatorsKeyOrder) {
  plugins::hybrid_coordinator::HybridCoordinatorProbe probe(
      stackprobe::testing::HostConfig(
          plugins::hybrid_coordinator::kHybridCoordinatorConfigSchema,
          Json{{"base_url", stack_.endpoints().hybrid}}.dump()));
  const Json document = DocumentWith(RunProbe(probe, "hybrid_coordinator"));
  EXPECT_EQ(Keys(document["services"]["hybrid_coordinator"]["health_check"]),
            (std::vector<std::string>{"status", "service", "collections"}));
}

TEST_F(ServiceContractTest, LlamaLoadingIsUnknownButShowsTheModel) {
  stack_.Set(Service::kLlama, Scenario::kLoading);
  plugins::llama_cpp::LlamaCppProbe probe(stackprobe::testing::HostConfig(
      plugins::llama_cpp::kLlamaCppConfigSchema,
      Json{{"base_url", stack_.endpoints().llama}}.dump()));
  const ProbeRecord record = RunProbe(probe, "llama_cpp");
  EXPECT_EQ(record.result.state, State::kStarting);
  const Json document = DocumentWith(record);
  EXPECT_EQ(document["services"]["llama_cpp"],
            (Json{{"service", "llama_cpp"},
                  {"status", "unknown"},
                  {"port", 8080},
                  {"model", "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf"}}));
}

}  // namespace
}  // namespace stackprobe::legacy
