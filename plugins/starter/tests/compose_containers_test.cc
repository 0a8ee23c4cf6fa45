// SPDX-License-Identifier: Apache-2.0
#include "compose_containers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compose_test_files.h"
#include "starter_host_config.h"

namespace stackprobe::starter {
namespace {

using testing::ComposeFolder;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kContainersCompose = R"(
services:
  db:
    image: db
    container_name: c-db
    network_mode: host
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
      timeout: 1s
      retries: 3
      start_period: 4s
  cache:
    image: cache
    network_mode: host
  migrate:
    image: tool
    network_mode: host
    depends_on:
      db: {condition: service_healthy}
  api:
    image: api
    container_name: c-api
    network_mode: host
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_started}
      migrate: {condition: service_completed_successfully}
  debug:
    image: debug
    profiles: [debug]
    depends_on: [cache]
)";

class ComposeContainersTest : public ::testing::Test {
 protected:
  std::vector<ContainerSpec> Resolve(nlohmann::json config) {
    config["compose_file"] = folder_.Write("compose.yml", kContainersCompose);
    config["project_name"] = "p";
    return ResolveContainers(
        ParseStarterConfig(StarterHostConfig(config.dump())), {});
  }
  std::string ResolveError(nlohmann::json config) {
    try {
      Resolve(std::move(config));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no error";
  }
  static const ContainerSpec& Named(const std::vector<ContainerSpec>& specs,
                                    const std::string& name) {
    for (const auto& spec : specs) {
      if (spec.name == name) return spec;
    }
    throw std::out_of_range(name);
  }
  ComposeFolder folder_;
};

TEST_F(ComposeContainersTest, ComposeSaysWhatExistsAndHowItWaits) {
  const auto specs = Resolve(nlohmann::json::object());
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  EXPECT_THAT(names, ElementsAre("c-db", "p_cache_1", "p_migrate_1", "c-api"))
      << "profiles are left out unless named";
  const ContainerSpec& api = Named(specs, "c-api");
  EXPECT_EQ(api.service, "api");
  EXPECT_THAT(api.depends_on, ElementsAre("c-db", "p_cache_1", "p_migrate_1"));
  EXPECT_EQ(api.conditions.at("c-db"), DependsCondition::kHealthy);
  EXPECT_EQ(api.conditions.at("p_cache_1"), DependsCondition::kStarted);
  EXPECT_EQ(api.conditions.at("p_migrate_1"), DependsCondition::kCompleted);
  EXPECT_EQ(Named(specs, "p_migrate_1").readiness, ReadinessKind::kCompleted);
  // start_period 4 s + 3 x (2 s + 1 s).
  EXPECT_EQ(Named(specs, "c-db").timeout, std::chrono::seconds(13));
  EXPECT_EQ(Named(specs, "p_cache_1").timeout, kDefaultContainerTimeout);
  ASSERT_TRUE(api.create);
  EXPECT_EQ(api.create->service, "api");
  EXPECT_EQ(api.create->create_args.front(), "--name=c-api");
  EXPECT_THAT(api.create->blockers, IsEmpty());
}

TEST_F(ComposeContainersTest, ContainersEntriesOnlyAddWhatComposeCannotSay) {
  const auto specs =
      Resolve({{"containers",
                {{{"name", "api"},
                  {"readiness", {{"kind", "probe"}, {"probe", "api_http"}}},
                  {"timeout", "45s"},
                  {"required", false},
                  {"depends_on", {"p_cache_1"}}},
                 {{"name", "c-db"}, {"depends_on", {"cache"}}}}}});
  const ContainerSpec& api = Named(specs, "c-api");
  EXPECT_EQ(api.readiness, ReadinessKind::kProbe);
  EXPECT_EQ(api.probe, "api_http");
  EXPECT_EQ(api.timeout, std::chrono::seconds(45));
  EXPECT_FALSE(api.required);
  EXPECT_EQ(api.conditions.at("p_cache_1"), DependsCondition::kStarted)
      << "the compose condition stays";
  const ContainerSpec& db = Named(specs, "c-db");
  EXPECT_THAT(db.depends_on, ElementsAre("p_cache_1")) << "added";
  EXPECT_EQ(db.conditions.at("p_cache_1"), DependsCondition::kHealthy);
  EXPECT_EQ(db.timeout, std::chrono::seconds(13)) << "0s keeps the derived one";
}

TEST_F(ComposeContainersTest, ServicesSelectWithTheirDependencies) {
  auto specs = Resolve({{"services", {"migrate"}}});
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].name, "c-db");
  EXPECT_EQ(specs[1].name, "p_migrate_1");
  EXPECT_EQ(specs[1].readiness, ReadinessKind::kHealthcheck)
      << "nothing selected waits for it to complete";
  specs = Resolve({{"services", {"debug"}}});
  ASSERT_EQ(specs.size(), 2u) << "named: profiles do not matter";
  EXPECT_EQ(specs[1].create->blockers[0],
            "no network_mode (podman-compose networking)");
}

TEST_F(ComposeContainersTest, MistakesAreConfigErrors) {
  EXPECT_THAT(ResolveError({{"services", {"api", "nope"}}}),
              HasSubstr("services[1]: expected a service of "));
  EXPECT_THAT(ResolveError({{"containers", {{{"name", "ghost"}}}}}),
              HasSubstr("containers[0].name: expected a service or "
                        "container_name of "));
  EXPECT_THAT(
      ResolveError({{"containers", {{{"name", "api"}}, {{"name", "c-api"}}}}}),
      HasSubstr("containers[1].name: expected one entry per service"));
  EXPECT_THAT(ResolveError({{"containers",
                             {{{"name", "db"}, {"depends_on", {"api"}}}}}}),
              HasSubstr("expected no dependency cycle"));
}

TEST_F(ComposeContainersTest, TildeIsTheHome) {
  folder_.Write("stack/compose.yml", kContainersCompose);
  nlohmann::json config = {{"compose_file", "~/stack/compose.yml"},
                           {"project_name", "p"}};
  const auto specs =
      ResolveContainers(ParseStarterConfig(StarterHostConfig(config.dump())),
                        {{"HOME", folder_.root()}});
  EXPECT_EQ(specs.size(), 4u);
  config["compose_file"] = "~/missing.yml";
  try {
    ResolveContainers(ParseStarterConfig(StarterHostConfig(config.dump())),
                      {{"HOME", folder_.root()}});
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("compose_file: compose file " + folder_.root() +
                          "/missing.yml: cannot be "
                          "read"));
  }
}

TEST(ComposeConfigTest, ComposeKeysNeedAComposeFile) {
  EXPECT_THROW(ParseStarterConfig(StarterHostConfig(R"({"services": ["a"]})")),
               std::invalid_argument);
  EXPECT_THROW(
      ParseStarterConfig(StarterHostConfig(R"({"project_name": "a"})")),
      std::invalid_argument);
  EXPECT_THROW(
      ParseStarterConfig(StarterHostConfig(R"({"create_with": "docker"})")),
      std::invalid_argument);
  const StarterConfig legacy = ParseStarterConfig(
      StarterHostConfig(R"({"containers": [{"name": "a", "timeout": "0s"}]})"));
  EXPECT_EQ(legacy.containers[0].timeout, kDefaultContainerTimeout);
  EXPECT_EQ(ParseStarterConfig(StarterHostConfig("{}")).containers.size(), 7u);
  EXPECT_EQ(
      ParseStarterConfig(StarterHostConfig(R"({"compose_file": "/x.yml"})"))
          .containers.size(),
      0u)
      << "no legacy default with a compose file";
}

}  // namespace
}  // namespace stackprobe::starter
