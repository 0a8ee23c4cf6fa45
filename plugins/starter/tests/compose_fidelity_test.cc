// SPDX-License-Identifier: Apache-2.0
//
// The real podman-compose (Debian 12: 1.0.3) against the fake podman: the
// arguments the starter gives `podman create` are podman-compose's, but for
// the two documented fixes (podman_create_args.h); and create_with:
// podman-compose really runs it. Needs podman-compose in PATH (CI installs
// the podman-compose package); skips loudly without it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "compose_parser.h"
#include "compose_test_files.h"
#include "fake_context.h"
#include "path_sanitizer.h"
#include "podman_create_args.h"
#include "starter_action.h"
#include "starter_host_config.h"
#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::string FindPodmanCompose() {
  const char* path = std::getenv("PATH");
  return FindProgram("podman-compose",
                     path != nullptr ? path : "/usr/bin:/bin");
}

std::string ReadCommandOutput(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, got);
  }
  ::pclose(pipe);
  return out;
}

class ComposeFidelityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = FindPodmanCompose();
    if (program_.empty()) {
      GTEST_SKIP() << "SKIPPED LOUDLY: podman-compose is not installed "
                      "(apt-get install -y podman-compose); the comparison "
                      "with podman-compose 1.0.3 did not run";
    }
    const std::string version =
        ReadCommandOutput(program_ + " --version 2>&1 </dev/null");
    if (version.find("1.0.3") == std::string::npos) {
      GTEST_SKIP() << "SKIPPED LOUDLY: podman-compose is not 1.0.3 (Debian "
                      "12's), the version these arguments follow: "
                   << version;
    }
    env_.SetScenario({{"containers", json::object()}});
  }
  std::string FakeEnv() const {
    return "STACKPROBE_FAKE_PODMAN_SCENARIO=" + env_.scenario_file() +
           " STACKPROBE_FAKE_PODMAN_STATE=" + env_.state_dir() +
           " STACKPROBE_FAKE_PODMAN_LOG=" + env_.log_file();
  }
  std::string program_;
  testing::StarterTestEnv env_;
};

TEST_F(ComposeFidelityTest, CreateArgumentsAreThoseOfPodmanCompose) {
  testing::ComposeFolder folder("ai-stack");
  const std::string file = folder.CopyStackFixture();
  const std::string command = FakeEnv() + " " + program_ + " --podman-path " +
                              STACKPROBE_FAKE_PODMAN + " -f " + file +
                              " -p ai-stack up --no-start >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  ComposeSource source;
  source.file = file;
  source.project_name = "ai-stack";
  const ComposeProject project = LoadComposeProject(source);
  std::map<std::string, std::vector<std::string>> theirs;
  for (const auto& call : env_.Calls("create")) {
    std::vector<std::string> args;
    for (std::size_t i = 1; i < call["argv"].size(); ++i) {
      args.push_back(call["argv"][i]);
    }
    theirs[args.at(0)] = args;
  }
  ASSERT_EQ(theirs.size(), project.services.size());
  for (const auto& service : project.services) {
    SCOPED_TRACE(service.name);
    std::vector<std::string> expected = BuildCreateArgs(project, service);
    std::vector<std::string> got =
        theirs.at("--name=" + service.container_name);
    // podman-compose 1.0.3's two mistakes: the network next to network_mode
    // host, and the health check's shell form.
    auto net = std::find(got.begin(), got.end(), "--net");
    ASSERT_NE(net, got.end());
    EXPECT_EQ(*(net + 1), "ai-stack_default");
    EXPECT_EQ(*(net + 2), "--network-alias");
    EXPECT_EQ(*(net + 3), service.name);
    got.erase(net, net + 4);
    for (auto* args : {&expected, &got}) {
      auto check =
          std::find(args->begin(), args->end(), "--healthcheck-command");
      if (check != args->end()) *(check + 1) = "(test)";
    }
    EXPECT_THAT(got, ElementsAreArray(expected));
  }
  // Named volumes made with the project's labels, as the starter makes them.
  std::set<std::string> volumes;
  for (const auto& call : env_.Calls("volume")) {
    if (call["argv"][1] == "create") volumes.insert(call["argv"].back());
  }
  EXPECT_EQ(volumes, (std::set<std::string>{"ai-stack_pgdata",
                                            "ai-stack_qdrant_storage"}));
}

TEST_F(ComposeFidelityTest, CreateWithPodmanComposeRunsIt) {
  testing::ComposeFolder folder("fidelity");
  const std::string file = folder.Write("compose.yml", R"(
services:
  web:
    image: localhost/bbox:latest
    container_name: sp-fid-web
    ports: ["127.0.0.1:18080:80"]
)");
  env_.SetScenario(
      {{"containers",
        {{"sp-fid-web", {{"exists", false}, {"healthcheck", false}}}}}});
  json config = env_.Config({});
  config["compose_file"] = file;
  config["project_name"] = "fid";
  config["podman_compose"] = program_;
  config["path"] = std::string("/usr/bin:/bin");
  stackprobe::testing::FakeActionContext fake("start",
                                              std::chrono::seconds(60));
  StarterAction action(StarterHostConfig(config.dump()));
  const ActionResult result = action.Run(fake.context(), {});
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  const auto creates = env_.Calls("create");
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_THAT(creates[0]["argv"].dump(), HasSubstr(R"("--net","fid_default")"))
      << "auto: no network_mode, so podman-compose created it";
  bool said = false;
  for (const auto& line : fake.progress()) {
    if (line.find("step=created via=podman-compose") != std::string::npos) {
      said = true;
    }
  }
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace stackprobe::starter
