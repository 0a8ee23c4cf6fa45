// SPDX-License-Identifier: Apache-2.0
#include "plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "starter_config.h"
#include "starter_host_config.h"

namespace stackprobe::starter {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ContainerSpec Spec(std::string name, std::vector<std::string> deps = {}) {
  ContainerSpec spec;
  spec.name = std::move(name);
  spec.depends_on = std::move(deps);
  return spec;
}

TEST(PlanTest, LevelsFollowDependencies) {
  const Levels levels =
      PlanLevels({Spec("c", {"b"}), Spec("a"), Spec("b", {"a"}), Spec("d"),
                  Spec("e", {"a", "d"})});
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_THAT(levels[0], ElementsAre("a", "d"));
  EXPECT_THAT(levels[1], ElementsAre("b", "e"));
  EXPECT_THAT(levels[2], ElementsAre("c"));
}

TEST(PlanTest, RejectsCyclesAndUnknownDependencies) {
  try {
    PlanLevels({Spec("a", {"b"}), Spec("b", {"a"}), Spec("c")});
    FAIL() << "a cycle was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("dependency cycle, got one among a, b"));
  }
  try {
    PlanLevels({Spec("a"), Spec("b", {"x"})});
    FAIL() << "an unknown dependency was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("containers[1].depends_on"));
    EXPECT_THAT(e.what(), HasSubstr("\"x\""));
  }
  EXPECT_THROW(PlanLevels({Spec("a", {"a"})}), std::invalid_argument);
}

TEST(PlanTest, SubsetAddsDependenciesTransitively) {
  const std::vector<ContainerSpec> all = {Spec("a"), Spec("b", {"a"}),
                                          Spec("c", {"b"}), Spec("d")};
  std::vector<std::string> names;
  for (const auto& spec : SelectSubset(all, {"c"})) names.push_back(spec.name);
  EXPECT_THAT(names, ElementsAre("a", "b", "c"));
  EXPECT_EQ(SelectSubset(all, {}).size(), 4u);
  EXPECT_THROW(SelectSubset(all, {"zz"}), std::invalid_argument);
}

TEST(PlanTest, DefaultsDescribeTheLegacyStack) {
  const StarterConfig config = ParseStarterConfig(StarterHostConfig("{}"));
  const Levels levels = PlanLevels(config.containers);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_THAT(levels[0], ElementsAre("local-ai-postgres", "local-ai-redis",
                                     "local-ai-qdrant", "local-ai-embeddings",
                                     "local-ai-llama-cpp"));
  EXPECT_THAT(levels[1],
              ElementsAre("local-ai-aidb", "local-ai-hybrid-coordinator"));
  EXPECT_EQ(config.containers[5].readiness, ReadinessKind::kProbe);
  EXPECT_EQ(config.containers[5].probe, "aidb");
  EXPECT_EQ(config.containers[6].probe, "hybrid_coordinator");
  EXPECT_EQ(config.budget, std::chrono::seconds(270));
  EXPECT_EQ(config.setuid_dirs, std::vector<std::string>{"/run/wrappers/bin"});
}

TEST(PlanTest, ConfigErrorsNameTheKey) {
  auto error_of = [](const nlohmann::json& config) -> std::string {
    try {
      ParseStarterConfig(StarterHostConfig(config.dump()));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(error_of({{"budget", "soon"}}),
              HasSubstr("budget: expected a duration"));
  EXPECT_THAT(error_of({{"containers", {{{"name", "a"}}, {{"name", "a"}}}}}),
              HasSubstr("containers[1].name: expected a unique name"));
  EXPECT_THAT(
      error_of({{"containers",
                 {{{"name", "a"}, {"readiness", {{"kind", "probe"}}}}}}}),
      HasSubstr("containers[0].readiness.probe"));
  EXPECT_THAT(error_of({{"containers", {{{"name", "a"}, {"timeout", "x"}}}}}),
              HasSubstr("containers[0].timeout"));
  // The schema's rule: podman's environment gets no name holding '='.
  EXPECT_THAT(error_of({{"env", {{"A=B", "x"}}}}),
              HasSubstr(R"(env["A=B"]: expected a string matching)"));
}

}  // namespace
}  // namespace stackprobe::starter
