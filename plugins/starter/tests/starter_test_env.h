// SPDX-License-Identifier: Apache-2.0
//
// A temporary folder with a fake podman scenario, its log and state, and
// functions that build starter configs using it.
#ifndef STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_TEST_ENV_H_
#define STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_TEST_ENV_H_

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackprobe::starter::testing {

/// Owns a fresh temporary folder; removes it on destruction.
class StarterTestEnv {
 public:
  StarterTestEnv() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stackprobe-starter.XXXXXX")
            .string();
    root_ = ::mkdtemp(pattern.data());
  }
  ~StarterTestEnv() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  StarterTestEnv(const StarterTestEnv&) = delete;
  StarterTestEnv& operator=(const StarterTestEnv&) = delete;

  const std::string& root() const { return root_; }
  std::string scenario_file() const { return root_ + "/scenario.json"; }
  std::string log_file() const { return root_ + "/podman-log.jsonl"; }
  std::string state_dir() const { return root_ + "/podman-state"; }
  std::string state_file() const { return root_ + "/state/last-start.json"; }

  /// Writes the fake podman scenario.
  void SetScenario(const nlohmann::json& scenario) const {
    std::ofstream(scenario_file()) << scenario.dump();
  }

  /// A starter config for `containers` that runs the fake podman quickly.
  nlohmann::json Config(const std::vector<nlohmann::json>& containers) const {
    return {{"containers", nlohmann::json(containers)},
            {"podman", STACKPROBE_FAKE_PODMAN},
            {"env",
             {{"STACKPROBE_FAKE_PODMAN_SCENARIO", scenario_file()},
              {"STACKPROBE_FAKE_PODMAN_LOG", log_file()},
              {"STACKPROBE_FAKE_PODMAN_STATE", state_dir()}}},
            {"setuid_dirs", nlohmann::json::array()},
            {"path", "/usr/bin:/bin"},
            {"budget", "20s"},
            {"poll_interval", "20ms"},
            {"max_poll_interval", "100ms"},
            {"podman_info_retries", 3},
            {"podman_info_interval", "20ms"},
            {"command_timeout", "10s"},
            {"state_file", state_file()},
            {"preflight_probe", ""}};
  }

  /// Every line the fake podman logged, parsed.
  std::vector<nlohmann::json> Log() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(log_file());
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
  }

  /// Logged calls whose argv starts with `command` (e.g. "start").
  std::vector<nlohmann::json> Calls(const std::string& command) const {
    std::vector<nlohmann::json> out;
    for (auto& line : Log()) {
      if (!line["argv"].empty() && line["argv"][0] == command) {
        out.push_back(line);
      }
    }
    return out;
  }

  /// Makes `folder` with copies of /usr/bin/newuidmap and newgidmap with
  /// the given modes (owned by the copier: root when tests run as root).
  std::string MakeIdMapFolder(const std::string& name, mode_t uid_mode,
                              mode_t gid_mode) const {
    const std::string folder = root_ + "/" + name;
    std::filesystem::create_directories(folder);
    std::filesystem::copy_file("/usr/bin/newuidmap", folder + "/newuidmap");
    std::filesystem::copy_file("/usr/bin/newgidmap", folder + "/newgidmap");
    ::chmod((folder + "/newuidmap").c_str(), uid_mode);
    ::chmod((folder + "/newgidmap").c_str(), gid_mode);
    return folder;
  }

 private:
  std::string root_;
};

}  // namespace stackprobe::starter::testing

#endif  // STACKPROBE_PLUGINS_STARTER_TESTS_STARTER_TEST_ENV_H_
