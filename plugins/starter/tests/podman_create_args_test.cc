// SPDX-License-Identifier: Apache-2.0
#include "podman_create_args.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compose_parser.h"
#include "compose_test_files.h"
#include "sha256.h"

namespace stackprobe::starter {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

ComposeProject TestProject() {
  ComposeProject project;
  project.name = "compose";
  project.file = "docker-compose.yml";
  project.dir = "/srv/ai-stack/compose";
  return project;
}

std::vector<std::string> ComposeLabelArgs(const std::string& service,
                                          std::vector<std::string> own = {}) {
  std::vector<std::string> out;
  own.insert(
      own.end(),
      {"io.podman.compose.config-hash=123", "io.podman.compose.project=compose",
       "io.podman.compose.version=0.0.1", "com.docker.compose.project=compose",
       "com.docker.compose.project.working_dir=/srv/ai-stack/compose",
       "com.docker.compose.project.config_files=docker-compose.yml",
       "com.docker.compose.container-number=1",
       "com.docker.compose.service=" + service});
  for (const auto& label : own) {
    out.push_back("--label");
    out.push_back(label);
  }
  return out;
}

TEST(PodmanCreateArgsTest, HostServiceAsPodmanComposeGivesIt) {
  ComposeService service;
  service.name = "aidb";
  service.container_name = "local-ai-aidb";
  service.image = "localhost/local-ai-aidb:latest";
  service.network_mode = "host";
  service.restart = "unless-stopped";
  service.user = "1000";
  service.labels = {"ai-stack.role=mcp"};
  service.env_files = {"/srv/ai-stack/compose/.env"};
  service.environment = {"REDIS_URL=redis://localhost:6379", "DEBUG"};
  ComposeHealthcheck check;
  check.test = {"CMD", "curl", "-sf", "http://localhost:8091/health"};
  check.interval = "15s";
  check.timeout = "5s";
  check.start_period = "30s";
  check.retries = "5";
  service.healthcheck = check;
  service.command = std::vector<std::string>{"--port", "8091"};

  std::vector<std::string> expected = {"--name=local-ai-aidb"};
  for (const auto& arg : ComposeLabelArgs("aidb", {"ai-stack.role=mcp"})) {
    expected.push_back(arg);
  }
  for (const char* arg : {"--network",
                          "host",
                          "--env-file",
                          "/srv/ai-stack/compose/.env",
                          "-e",
                          "REDIS_URL=redis://localhost:6379",
                          "-e",
                          "DEBUG",
                          "-u",
                          "1000",
                          "--restart",
                          "unless-stopped",
                          "--healthcheck-command",
                          R"(["curl", "-sf", "http://localhost:8091/health"])",
                          "--healthcheck-interval",
                          "15s",
                          "--healthcheck-timeout",
                          "5s",
                          "--healthcheck-start-period",
                          "30s",
                          "--healthcheck-retries",
                          "5",
                          "localhost/local-ai-aidb:latest",
                          "--port",
                          "8091"}) {
    expected.push_back(arg);
  }
  EXPECT_THAT(BuildCreateArgs(TestProject(), service),
              ElementsAreArray(expected));
  EXPECT_THAT(BuiltinCreateBlockers(service), IsEmpty());
}

TEST(PodmanCreateArgsTest, HealthcheckForms) {
  ComposeService service;
  service.name = "s";
  service.container_name = "s";
  service.image = "img";
  ComposeHealthcheck check;
  auto health_args = [&] {
    service.healthcheck = check;
    std::vector<std::string> args = BuildCreateArgs(TestProject(), service);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i].starts_with("--healthcheck") ||
          args[i] == "--no-healthcheck") {
        out.push_back(args[i]);
        if (args[i] != "--no-healthcheck") out.push_back(args[++i]);
      }
    }
    return out;
  };
  check.test = {"CMD-SHELL", "pg_isready -U \"mcp\""};
  EXPECT_THAT(health_args(),
              ElementsAre("--healthcheck-command",
                          R"(["CMD-SHELL", "pg_isready -U \"mcp\""])"));
  check.test = {"CMD", "sh", "-c", "curl -sf http://x | grep -q ok"};
  EXPECT_THAT(health_args(),
              ElementsAre("--healthcheck-command",
                          R"(["sh", "-c", "curl -sf http://x | grep -q ok"])"));
  check.test = {"CMD", "/healthy"};
  EXPECT_THAT(health_args(), ElementsAre("--healthcheck-command",
                                         R"(["CMD-SHELL", "/healthy"])"));
  check.test = {"NONE"};
  EXPECT_THAT(health_args(), ElementsAre("--no-healthcheck"));
  check.test = {"CMD", "true", "x"};
  check.disable = true;
  EXPECT_THAT(health_args(), ElementsAre("--no-healthcheck"));
}

TEST(PodmanCreateArgsTest, MountsVolumesAndOtherKeysInPodmanComposeOrder) {
  ComposeProject project = TestProject();
  project.volumes["pgdata"] = ComposeVolume{};
  ComposeVolume named;
  named.name = "shared-models";
  named.labels = {"tier=models"};
  project.volumes["models"] = named;
  ComposeVolume external;
  external.external = true;
  project.volumes["outside"] = external;
  ComposeService service;
  service.name = "db";
  service.container_name = "local-ai-db";
  service.image = "postgres";
  service.network_mode = "host";
  service.security_opt = {"label=disable"};
  service.read_only = true;
  service.cap_add = {"SYS_NICE"};
  service.devices = {"/dev/dri"};
  service.tmpfs = {"/run"};
  ComposeMount data{"volume", "pgdata", "/var/lib/postgresql/data", {}, {},
                    "",       ""};
  ComposeMount anonymous{"volume", "", "/cache", {}, {}, "", ""};
  ComposeMount models{"volume", "models", "/models", true, {}, "", ""};
  ComposeMount init{"bind", "/srv/init", "/init", false, {"z"}, "", ""};
  ComposeMount scratch{"tmpfs", "", "/scratch", {}, {}, "64m", "1777"};
  ComposeMount ext{"volume", "outside", "/ext", {}, {}, "", ""};
  service.volumes = {data, anonymous, models, init, scratch, ext};
  service.log_driver = "journald";
  service.log_options = {{"tag", "db"}};
  service.ports = {"5432:5432"};
  service.working_dir = "/work";
  service.init = true;
  service.ulimits = {"nofile=1024:2048"};
  service.memory = "1g";
  service.entrypoint = std::vector<std::string>{"docker-entrypoint.sh", "é"};

  std::vector<std::string> expected = {"--name=local-ai-db", "--security-opt",
                                       "label=disable", "--read-only"};
  for (const auto& arg : ComposeLabelArgs("db")) expected.push_back(arg);
  const std::string anonymous_name = "compose_db_" + Sha256Hex("/cache");
  for (const std::string& arg :
       std::vector<std::string>{"--network",
                                "host",
                                "--cap-add",
                                "SYS_NICE",
                                "--device",
                                "/dev/dri",
                                "--tmpfs",
                                "/run",
                                "-v",
                                "compose_pgdata:/var/lib/postgresql/data",
                                "-v",
                                anonymous_name + ":/cache",
                                "-v",
                                "shared-models:/models:ro",
                                "-v",
                                "/srv/init:/init:z,rw",
                                "--tmpfs",
                                "/scratch:size=64m,mode=1777",
                                "-v",
                                "compose_outside:/ext",
                                "--log-driver=journald",
                                "--log-opt=tag=db",
                                "-p",
                                "5432:5432",
                                "-w",
                                "/work",
                                "--ulimit",
                                "nofile=1024:2048",
                                "-m",
                                "1g",
                                "--init",
                                "--entrypoint",
                                R"(["docker-entrypoint.sh", "\u00e9"])",
                                "postgres"}) {
    expected.push_back(arg);
  }
  EXPECT_THAT(BuildCreateArgs(project, service), ElementsAreArray(expected));

  const std::vector<VolumeToCreate> volumes = VolumesToCreate(project, service);
  ASSERT_EQ(volumes.size(), 3u) << "not the external one";
  EXPECT_EQ(volumes[0].name, "compose_pgdata");
  EXPECT_THAT(
      volumes[0].create_args,
      ElementsAre("--label", "io.podman.compose.project=compose", "--label",
                  "com.docker.compose.project=compose", "compose_pgdata"));
  EXPECT_EQ(volumes[1].name, anonymous_name);
  EXPECT_THAT(volumes[2].create_args,
              ElementsAre("--label", "io.podman.compose.project=compose",
                          "--label", "com.docker.compose.project=compose",
                          "--label", "tier=models", "shared-models"));
  EXPECT_THAT(BindSources(service), ElementsAre("/srv/init"));
}

TEST(PodmanCreateArgsTest, BlockersSayWhatOnlyPodmanComposeDoes) {
  ComposeService service;
  service.unsupported = {"networks", "secrets"};
  EXPECT_THAT(
      BuiltinCreateBlockers(service),
      ElementsAre("no network_mode (podman-compose networking)",
                  "unsupported key networks", "unsupported key secrets"));
}

TEST(PodmanCreateArgsTest, PythonJsonAndSha256) {
  EXPECT_EQ(PythonJsonList({}), "[]");
  EXPECT_EQ(PythonJsonList({"a\"b\\", "tab\t", "\x01", "\xf0\x9f\x98\x80"}),
            R"(["a\"b\\", "tab\t", "\u0001", "\ud83d\ude00"])");
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(PodmanCreateArgsTest, FixtureServiceKeepsComposeTestVerbatim) {
  ComposeSource source;
  source.file = testing::StackFixtureDir() + "/docker-compose.yml";
  const ComposeProject project = LoadComposeProject(source);
  for (const auto& service : project.services) {
    if (service.name != "embeddings") continue;
    const std::vector<std::string> args = BuildCreateArgs(project, service);
    const auto at =
        std::find(args.begin(), args.end(), "--healthcheck-command");
    ASSERT_NE(at, args.end());
    EXPECT_EQ(
        *(at + 1),
        R"(["sh", "-c", "curl -sf http://localhost:8081/health | grep -q '\"status\":\"ok\"'"])");
    EXPECT_EQ(args.back(), "localhost/local-ai-embeddings:latest");
  }
}

}  // namespace
}  // namespace stackprobe::starter
