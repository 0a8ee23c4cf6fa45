// SPDX-License-Identifier: Apache-2.0
//
// A stand-in for podman in tests. It answers the commands the starter runs
// (info, inspect, container exists, create, start, healthcheck run, volume
// exists/create) and those podman-compose 1.0.3 runs to create containers
// (--version, network exists/create, volume inspect/create, create) from a
// scenario file, and records every invocation (argv, environment, start and
// end time) as one JSON line.
//
// Environment:
//   STACKPROBE_FAKE_PODMAN_SCENARIO  scenario file (JSON, see README.md);
//                                    default: fake-podman.json beside argv[0]
//   STACKPROBE_FAKE_PODMAN_LOG       file the JSON lines are appended to
//   STACKPROBE_FAKE_PODMAN_STATE     folder shared by invocations
//                                    (default: <scenario>.state)
// Exit codes follow podman 4.3: 0 success, 1 unhealthy, 125 podman error.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

class FakePodman {
 public:
  explicit FakePodman(const std::string& argv0) {
    std::string scenario_path = Env("STACKPROBE_FAKE_PODMAN_SCENARIO");
    if (scenario_path.empty()) {
      // Callers that cannot pass environment (stackprobe doctor under env -i)
      // find the scenario next to the program they ran.
      const std::string beside =
          (fs::path(argv0).parent_path() / "fake-podman.json").string();
      if (argv0.find('/') != std::string::npos && fs::exists(beside)) {
        scenario_path = beside;
      }
    }
    scenario_ = json::object();
    if (!scenario_path.empty()) {
      std::ifstream in(scenario_path);
      scenario_ = json::parse(in);
    }
    state_dir_ = Env("STACKPROBE_FAKE_PODMAN_STATE");
    if (state_dir_.empty() && !scenario_path.empty()) {
      state_dir_ = scenario_path + ".state";
    }
    if (!state_dir_.empty()) fs::create_directories(state_dir_);
  }

  int Run(const std::vector<std::string>& args) {
    if (args.empty()) return Fail("missing command");
    if (args[0] == "--version") {
      std::cout << "podman version 4.3.1\n";
      return 0;
    }
    if (args[0] == "info") return Info();
    if (args[0] == "inspect" ||
        (args[0] == "container" && args.size() > 1 && args[1] == "inspect")) {
      return Inspect(args.back());
    }
    if (args[0] == "container" && args.size() == 3 && args[1] == "exists") {
      return Exists(args[2]) ? 0 : 1;
    }
    if (args[0] == "create") return Create(args);
    if (args[0] == "rm") return Remove(args);
    if (args[0] == "start" && args.size() == 2) return Start(args[1]);
    if (args[0] == "healthcheck" && args.size() == 3 && args[1] == "run") {
      return Healthcheck(args[2]);
    }
    if ((args[0] == "volume" || args[0] == "network") && args.size() >= 3) {
      return Object(args);
    }
    return Fail("unrecognized command `podman " + args[0] + "`");
  }

 private:
  static int Fail(const std::string& message) {
    std::cerr << "Error: " << message << "\n";
    return 125;
  }

  // The scenario entry of a container that exists: listed (unless
  // "exists": false) and not removed, or created. Containers created without
  // an entry behave as an empty one.
  const json* Container(const std::string& name) const {
    static const json kEmpty = json::object();
    if (state_dir_.empty()) return nullptr;
    const bool created = fs::exists(CreatedFile(name));
    const json* entry = nullptr;
    auto it = scenario_.find("containers");
    if (it != scenario_.end() && it->contains(name)) entry = &(*it)[name];
    if (created) return entry != nullptr ? entry : &kEmpty;
    if (entry == nullptr || !entry->value("exists", true)) return nullptr;
    if (fs::exists(state_dir_ + "/" + name + ".removed")) return nullptr;
    return entry;
  }

  bool Exists(const std::string& name) const {
    return Container(name) != nullptr;
  }

  std::string CreatedFile(const std::string& name) const {
    return state_dir_ + "/" + name + ".created";
  }

  // The create arguments a container was created with (empty when listed).
  json CreateArgs(const std::string& name) const {
    std::ifstream in(CreatedFile(name));
    if (!in) return json::array();
    return json::parse(in);
  }

  int Create(const std::vector<std::string>& args) {
    std::string name;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i].rfind("--name=", 0) == 0) name = args[i].substr(7);
      if (args[i] == "--name" && i + 1 < args.size()) name = args[i + 1];
    }
    if (name.empty()) return Fail("fake podman: create needs --name");
    if (state_dir_.empty()) return Fail("fake podman: no scenario");
    if (Exists(name)) {
      return Fail("creating container storage: the container name \"" + name +
                  "\" is already in use by \"0123456789ab\". You have to "
                  "remove that container to be able to reuse that name.: "
                  "that name is already in use");
    }
    auto it = scenario_.find("containers");
    if (it != scenario_.end() && it->contains(name) &&
        (*it)[name].value("create_fails", false)) {
      return Fail("localhost/missing:latest: image not known");
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(scenario_.value("create_delay_ms", 0)));
    std::ofstream(CreatedFile(name)) << json(args).dump();
    fs::remove(state_dir_ + "/" + name + ".removed");
    fs::remove(StartedFile(name));
    std::cout << "0123456789abcdef" << name << "\n";
    return 0;
  }

  int Remove(const std::vector<std::string>& args) {
    int status = 0;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "-t" || args[i] == "--time") {
        ++i;
        continue;
      }
      if (args[i].rfind("-", 0) == 0) continue;
      if (!Exists(args[i])) {
        std::cerr << "Error: no container with name or ID \"" << args[i]
                  << "\" found: no such container\n";
        status = 1;
        continue;
      }
      fs::remove(CreatedFile(args[i]));
      fs::remove(StartedFile(args[i]));
      std::ofstream(state_dir_ + "/" + args[i] + ".removed") << 1;
      std::cout << args[i] << "\n";
    }
    return status;
  }

  // volume/network exists, inspect, create: kept as files in the state
  // folder, created ones with their create arguments.
  int Object(const std::vector<std::string>& args) {
    if (state_dir_.empty()) return Fail("fake podman: no scenario");
    const std::string kind = args[0];
    const std::string folder = state_dir_ + "/" + kind + "s";
    fs::create_directories(folder);
    const std::string name = args.back();
    const bool exists = fs::exists(folder + "/" + name);
    if (args[1] == "exists") return exists ? 0 : 1;
    if (args[1] == "inspect") {
      if (!exists) return Fail("no such " + kind + " " + name);
      std::cout << json::array({{{"Name", name}}}).dump(2) << "\n";
      return 0;
    }
    if (args[1] == "create") {
      if (exists) return Fail(kind + " with name " + name + " already exists");
      std::ofstream(folder + "/" + name) << json(args).dump();
      std::cout << name << "\n";
      return 0;
    }
    return Fail("unrecognized command `podman " + kind + " " + args[1] + "`");
  }

  std::string StartedFile(const std::string& name) const {
    return state_dir_ + "/" + name + ".started";
  }

  // Milliseconds since the container started, or -1 when not running.
  std::int64_t RunningFor(const std::string& name) const {
    const json* spec = Container(name);
    if (spec == nullptr) return -1;
    std::ifstream in(StartedFile(name));
    std::int64_t started = 0;
    if (in >> started) {
      if (spec->value("exits", false)) return -1;
      return NowMs() - started;
    }
    // "running": it ran before this test, unless the test created it.
    if (spec->value("running", false) && !fs::exists(CreatedFile(name))) {
      return 1'000'000;
    }
    return -1;
  }

  int Info() {
    const std::string mode = scenario_.value("info", "ok");
    const int failures = scenario_.value("info_failures", 0);
    int count = 0;
    if (!state_dir_.empty()) {
      const std::string counter = state_dir_ + "/info.count";
      {
        std::ifstream in(counter);
        in >> count;
      }
      std::ofstream(counter) << count + 1;
    }
    if (mode == "boot-id-stale") {
      std::cerr << "Error: current system boot ID differs from cached boot "
                   "ID; an unhandled reboot has occurred. Please delete "
                   "directories \"/tmp/containers-user-1000/containers\" and "
                   "\"/tmp/podman-run-1000/libpod/tmp\" and re-run Podman\n";
      return 125;
    }
    if (mode == "namespace-error") {
      // podman 4.3 with a plain newuidmap first in PATH (measured).
      std::cerr << "time=\"2026-12-01T23:47:08Z\" level=warning "
                   "msg=\"\\\"/\\\" is not a shared mount, this could cause "
                   "issues or missing mounts with rootless containers\"\n"
                   "time=\"2026-12-01T23:47:08Z\" level=error msg=\"running "
                   "`/plain/newuidmap 14318 0 1002 1 1 165536 65536`: "
                   "newuidmap: write to uid_map failed: Operation not "
                   "permitted\\n\"\n"
                   "time=\"2026-12-01T23:47:08Z\" level=error msg=\"invalid "
                   "internal status, try resetting the pause process with "
                   "\\\"podman system migrate\\\": cannot set up namespace "
                   "using \\\"/plain/newuidmap\\\": should have setuid or "
                   "have filecaps setuid: exit status 1\"\n";
      return 1;
    }
    if (mode == "unavailable" || count < failures) {
      return Fail("cannot connect to Podman: no such file or directory");
    }
    if (scenario_.contains("info_json")) {
      std::cout << scenario_["info_json"].dump(2) << "\n";
      return 0;
    }
    std::cout
        << R"({"host":{"security":{"rootless":true}},"version":{"Version":"4.3.1"}})"
        << "\n";
    return 0;
  }

  int Inspect(const std::string& name) {
    const json* spec = Container(name);
    if (spec == nullptr) {
      return Fail("no such container \"" + name + "\"");
    }
    const bool running = RunningFor(name) >= 0;
    const bool started_once = fs::exists(StartedFile(name));
    json state = {
        {"Status", running ? "running" : (started_once ? "exited" : "created")},
        {"Running", running},
        {"ExitCode",
         started_once && !running ? spec->value("exit_code", 1) : 0}};
    json config = json::object();
    if (HasHealthcheck(name, *spec)) {
      config["Healthcheck"] = {{"Test", {"CMD-SHELL", "true"}}};
      state["Health"] = {{"Status", running ? "starting" : ""}};
    }
    std::cout << json::array(
                     {{{"Name", name}, {"State", state}, {"Config", config}}})
                     .dump(2)
              << "\n";
    return 0;
  }

  // "healthcheck" of the scenario, else what the container was created
  // with, else true.
  bool HasHealthcheck(const std::string& name, const json& spec) const {
    if (spec.contains("healthcheck")) return spec.value("healthcheck", true);
    const json args = CreateArgs(name);
    if (args.empty()) return true;
    bool has = false;
    for (const auto& arg : args) {
      if (arg == "--healthcheck-command" || arg == "--health-cmd") has = true;
      if (arg == "--no-healthcheck") return false;
    }
    return has;
  }

  int Start(const std::string& name) {
    const json* spec = Container(name);
    if (spec == nullptr) return Fail("no such container \"" + name + "\"");
    std::this_thread::sleep_for(
        std::chrono::milliseconds(spec->value("start_delay_ms", 0)));
    if (state_dir_.empty()) return Fail("fake podman: no scenario");
    if (spec->value("start_fails", false)) {
      return Fail("unable to start container \"" + name +
                  "\": OCI runtime error");
    }
    if (RunningFor(name) < 0 || spec->value("exits", false)) {
      std::ofstream(StartedFile(name)) << NowMs();
    }
    std::cout << name << "\n";
    return 0;
  }

  int Healthcheck(const std::string& name) {
    const json* spec = Container(name);
    if (spec == nullptr) return Fail("no such container \"" + name + "\"");
    const std::int64_t running_for = RunningFor(name);
    if (running_for < 0) {
      return Fail("container " + name + " is not running");
    }
    if (!HasHealthcheck(name, *spec)) {
      return Fail("container " + name + " has no defined healthcheck");
    }
    if (spec->value("fails", false) ||
        running_for < spec->value("healthy_after_ms", 0)) {
      std::cout << "unhealthy\n";
      return 1;
    }
    return 0;
  }

  json scenario_;
  std::string state_dir_;
};

void AppendLog(const std::vector<std::string>& args, std::int64_t start_ms,
               int exit_code) {
  const std::string log = Env("STACKPROBE_FAKE_PODMAN_LOG");
  if (log.empty()) return;
  json env = json::object();
  for (char** item = environ; item != nullptr && *item != nullptr; ++item) {
    const char* equals = std::strchr(*item, '=');
    if (equals == nullptr) continue;
    env[std::string(*item, static_cast<std::size_t>(equals - *item))] =
        std::string(equals + 1);
  }
  const std::string line =
      json{{"argv", args},         {"path", Env("PATH")}, {"env", env},
           {"start_ms", start_ms}, {"end_ms", NowMs()},   {"exit", exit_code}}
          .dump() +
      "\n";
  // One write with O_APPEND keeps lines of concurrent invocations whole.
  const int fd =
      ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const ssize_t written = ::write(fd, line.data(), line.size());
  (void)written;
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t start_ms = NowMs();
  std::vector<std::string> args(argv + 1, argv + argc);
  int exit_code = 125;
  try {
    FakePodman podman(argc > 0 ? argv[0] : "");
    exit_code = podman.Run(args);
  } catch (const std::exception& e) {
    std::cerr << "Error: fake podman: " << e.what() << "\n";
    exit_code = 125;
  }
  AppendLog(args, start_ms, exit_code);
  return exit_code;
}
