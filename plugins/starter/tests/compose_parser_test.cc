// SPDX-License-Identifier: Apache-2.0
#include "compose_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "compose_test_files.h"
#include "compose_text.h"

namespace stackprobe::starter {
namespace {

using testing::ComposeFolder;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const ComposeService& ServiceNamed(const ComposeProject& project,
                                   const std::string& name) {
  for (const auto& service : project.services) {
    if (service.name == name) return service;
  }
  throw std::out_of_range("no service " + name);
}

ComposeProject LoadTestProject(const std::string& file,
                               plugin_common::VariableMap environment = {},
                               const std::string& project_name = "") {
  ComposeSource source;
  source.file = file;
  source.project_name = project_name;
  source.environment = std::move(environment);
  return LoadComposeProject(source);
}

std::string ComposeLoadError(const std::string& file) {
  try {
    LoadTestProject(file);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(ComposeParserTest, ReadsTheStackShapedFixture) {
  const ComposeProject project =
      LoadTestProject(testing::StackFixtureDir() + "/docker-compose.yml",
                      {{"HOME", "/home/u"}});
  EXPECT_EQ(project.name, "ai-stack") << "the folder's name";
  ASSERT_EQ(project.services.size(), 10u);
  EXPECT_EQ(project.services[0].name, "postgres") << "file order";

  const ComposeService& postgres = ServiceNamed(project, "postgres");
  EXPECT_EQ(postgres.container_name, "local-ai-postgres");
  EXPECT_EQ(postgres.network_mode, "host") << "from the merge key";
  EXPECT_EQ(postgres.restart, "unless-stopped");
  EXPECT_THAT(postgres.environment,
              ElementsAre("POSTGRES_USER=mcp", "POSTGRES_DB=mcp",
                          "POSTGRES_PASSWORD=change me"));
  ASSERT_TRUE(postgres.healthcheck);
  EXPECT_THAT(postgres.healthcheck->test,
              ElementsAre("CMD-SHELL", "pg_isready -U mcp"));
  EXPECT_EQ(postgres.healthcheck->interval, "10s");
  EXPECT_EQ(postgres.healthcheck->retries_value, 5);
  ASSERT_EQ(postgres.volumes.size(), 2u);
  EXPECT_EQ(postgres.volumes[0].type, "volume");
  EXPECT_EQ(postgres.volumes[0].source, "pgdata");
  EXPECT_EQ(postgres.volumes[1].type, "bind");
  EXPECT_EQ(postgres.volumes[1].source, project.dir + "/init/postgres");
  EXPECT_EQ(postgres.volumes[1].read_only, true);
  EXPECT_THAT(postgres.unsupported, IsEmpty());

  const ComposeService& redis = ServiceNamed(project, "redis");
  EXPECT_THAT(*redis.command,
              ElementsAre("redis-server", "--port", "6379", "--save", ""));
  EXPECT_THAT(redis.healthcheck->test, ElementsAre("CMD", "redis-cli", "ping"));

  const ComposeService& llama = ServiceNamed(project, "llama-cpp");
  EXPECT_THAT(llama.healthcheck->test,
              ElementsAre("CMD-SHELL", "curl -sf http://localhost:8080/health"))
      << "a string test is CMD-SHELL";
  EXPECT_EQ(llama.healthcheck->start_period_value, std::chrono::seconds(120));

  const ComposeService& aidb = ServiceNamed(project, "aidb");
  ASSERT_EQ(aidb.depends_on.size(), 3u);
  EXPECT_EQ(aidb.depends_on[0].service, "postgres");
  EXPECT_EQ(aidb.depends_on[0].condition, DependsCondition::kHealthy);
  EXPECT_THAT(aidb.env_files, ElementsAre(project.dir + "/.env"));
  EXPECT_THAT(aidb.labels, ElementsAre("ai-stack.role=mcp"));
  EXPECT_FALSE(ServiceNamed(project, "mindsdb").healthcheck);
}

TEST(ComposeParserTest, EnvironmentWinsOverDotEnv) {
  const ComposeProject project = LoadTestProject(
      testing::StackFixtureDir() + "/docker-compose.yml",
      {{"POSTGRES_USER", "alice"}, {"COMPOSE_PROJECT_NAME", "ai"}});
  EXPECT_EQ(project.name, "ai");
  EXPECT_THAT(ServiceNamed(project, "postgres").healthcheck->test,
              ElementsAre("CMD-SHELL", "pg_isready -U alice"));
  EXPECT_EQ(project.dotenv.at("POSTGRES_USER"), "mcp");
  EXPECT_EQ(LoadTestProject(testing::StackFixtureDir() + "/docker-compose.yml",
                            {}, "explicit")
                .name,
            "explicit");
}

TEST(ComposeParserTest, ShortAndLongFormsAndDefaults) {
  ComposeFolder folder("My_Stack.Dir");
  const std::string file = folder.Write("compose.yaml", R"(
name: ${PROJECT:-}
services:
  app:
    build: .
    command: sh -c 'echo "hi there"'
    entrypoint: ["/bin/tini", "--"]
    environment: [A=1, B, A=2]
    user: 1000
    depends_on: [db, job]
    volumes:
      - /data
      - named:/srv:rw
      - ~/cache:/cache:z
      - type: tmpfs
        target: /tmp
        tmpfs: {size: 1000}
    ports:
      - "127.0.0.1:8080:80"
      - {target: 53, published: 5353, protocol: udp}
    ulimits:
      nofile: {soft: 1024, hard: 2048}
      nproc: 512
    deploy:
      resources:
        limits: {cpus: 2, memory: 512M}
    networks: [front]
    healthcheck:
      test: ["NONE"]
  db:
    image: postgres
    healthcheck:
      disable: true
  job:
    image: busybox
    depends_on:
      db:
        condition: service_completed_successfully
)");
  const ComposeProject project = LoadTestProject(file, {{"HOME", "/home/u"}});
  EXPECT_THAT(project.name, ::testing::StartsWith("my_stackdir"))
      << "lower-cased, '.' dropped";
  EXPECT_THAT(project.name, ::testing::MatchesRegex("[-_a-z0-9]+"));
  const ComposeService& app = ServiceNamed(project, "app");
  EXPECT_EQ(app.container_name, project.name + "_app_1");
  EXPECT_EQ(app.image, project.name + "_app") << "built image name";
  EXPECT_THAT(*app.command, ElementsAre("sh", "-c", "echo \"hi there\""));
  EXPECT_THAT(*app.entrypoint, ElementsAre("/bin/tini", "--"));
  EXPECT_THAT(app.environment, ElementsAre("A=2", "B"));
  EXPECT_EQ(app.user, "1000");
  EXPECT_EQ(app.depends_on[0].condition, DependsCondition::kStarted)
      << "the short form means service_started";
  ASSERT_EQ(app.volumes.size(), 4u);
  EXPECT_EQ(app.volumes[0].type, "volume");
  EXPECT_EQ(app.volumes[0].source, "");
  EXPECT_EQ(app.volumes[0].target, "/data");
  EXPECT_EQ(app.volumes[1].read_only, false);
  EXPECT_EQ(app.volumes[2].source, "/home/u/cache");
  EXPECT_THAT(app.volumes[2].propagation, ElementsAre("z"));
  EXPECT_EQ(app.volumes[3].type, "tmpfs");
  EXPECT_EQ(app.volumes[3].tmpfs_size, "1000");
  EXPECT_THAT(app.ports, ElementsAre("127.0.0.1:8080:80", "5353:53/udp"));
  EXPECT_THAT(app.ulimits, ElementsAre("nofile=1024:2048", "nproc=512"));
  EXPECT_EQ(app.cpus, "2.0");
  EXPECT_EQ(app.memory, "512m");
  EXPECT_THAT(app.unsupported, ElementsAre("networks"));
  EXPECT_THAT(app.healthcheck->test, ElementsAre("NONE"));
  EXPECT_TRUE(ServiceNamed(project, "db").healthcheck->disable);
  EXPECT_EQ(ServiceNamed(project, "job").depends_on[0].condition,
            DependsCondition::kCompleted);
}

TEST(ComposeParserTest, ErrorsSayFileKeyAndWhat) {
  ComposeFolder folder;
  EXPECT_THAT(ComposeLoadError(folder.Write("a.yml",
                                            "services:\n  a:\n    image: x\n"
                                            "    depends_on: [nope]\n")),
              HasSubstr("a.yml: services.a.depends_on: expected a service of "
                        "this file, got \"nope\""));
  EXPECT_THAT(
      ComposeLoadError(folder.Write("b.yml",
                                    "services:\n  a:\n    image: x\n"
                                    "    healthcheck: {test: [CMD, x], "
                                    "interval: 10}\n")),
      HasSubstr("services.a.healthcheck.interval: expected a duration such as "
                "10s or 1m30s, got \"10\""));
  EXPECT_THAT(ComposeLoadError(folder.Write("c.yml",
                                            "services:\n  a:\n    extends: b\n"
                                            "  b:\n    image: x\n")),
              HasSubstr("services.a.extends: not supported"));
  EXPECT_THAT(ComposeLoadError(folder.Write("d.yml", "services: [a]\n")),
              HasSubstr("services: expected a mapping of services"));
  EXPECT_THAT(ComposeLoadError(folder.Write(
                  "e.yml", "services: {a: {image: '${X:?no X}'}}\n")),
              HasSubstr("services.a.image: required variable X is missing a "
                        "value: no X"));
  EXPECT_THAT(ComposeLoadError(folder.Write("f.yml", "services: {a: [\n")),
              HasSubstr("not valid YAML"));
  EXPECT_THAT(ComposeLoadError(folder.root() + "/missing.yml"),
              HasSubstr("cannot be read"));
  EXPECT_THAT(ComposeLoadError(
                  folder.Write("g.yml",
                               "services:\n  a:\n    image: x\n"
                               "    healthcheck: {test: [CMD-SHELL, a, b]}\n")),
              HasSubstr("CMD-SHELL followed by one command string"));
}

TEST(ComposeTextTest, DurationsAndShellWords) {
  EXPECT_EQ(ParseComposeDuration("1m30s"), std::chrono::seconds(90));
  EXPECT_EQ(ParseComposeDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(ParseComposeDuration("1.5h"), std::chrono::minutes(90));
  EXPECT_EQ(ParseComposeDuration("0"), std::chrono::milliseconds(0));
  EXPECT_FALSE(ParseComposeDuration("10"));
  EXPECT_FALSE(ParseComposeDuration("10 s"));
  EXPECT_FALSE(ParseComposeDuration("s"));
  EXPECT_THAT(ShellSplit("a 'b c' \"d \\\"e\\\"\" f\\ g", "w"),
              ElementsAre("a", "b c", "d \"e\"", "f g"));
  EXPECT_THAT(ShellSplit("  ", "w"), IsEmpty());
  EXPECT_THAT(ShellSplit("''", "w"), ElementsAre(""));
  EXPECT_THROW(ShellSplit("'open", "w"), std::invalid_argument);
}

}  // namespace
}  // namespace stackprobe::starter
