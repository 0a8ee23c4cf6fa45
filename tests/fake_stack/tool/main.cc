// SPDX-License-Identifier: Apache-2.0
//
// stackprobe-fake-stack: serves the fake AI stack on 127.0.0.1 until SIGINT
// or SIGTERM, optionally making one service fail and recover on a timer.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "stackprobe/fake_stack/fake_stack.h"
#include "stackprobe/fake_stack/probe_config.h"
#include "stackprobe/fake_stack/telemetry.h"

namespace {

using stackprobe::fake_stack::FakeStack;
using stackprobe::fake_stack::FakeStackOptions;
using stackprobe::fake_stack::Scenario;
using stackprobe::fake_stack::Service;

constexpr const char* kUsage =
    "usage: stackprobe-fake-stack [--base-port N | --ports "
    "embeddings=8081,aidb=8091,hybrid=8092,qdrant=6333,llama=8080]\n"
    "         [--demo] [--demo-period SECONDS] [--write-config FILE]\n"
    "         [--listen HOST:PORT] [--telemetry-dir DIR] [--fixtures-dir DIR]\n"
    "         [--slow-ms N]\n"
    "Serves fake embeddings, aidb, hybrid coordinator, qdrant and llama.cpp\n"
    "services on 127.0.0.1 until SIGINT/SIGTERM. Without port flags the real\n"
    "ports are used. --demo makes one service fail for half of each period\n"
    "and recover, in turn. --write-config writes a stackprobe.yml probing the\n"
    "fake ports (exporter on --listen, default 127.0.0.1:9877).\n";

struct Options {
  FakeStackOptions stack;
  bool demo = false;
  int demo_period_seconds = 20;
  std::string config_file;
  std::string listen = "127.0.0.1:9877";
  std::string telemetry_dir;
};

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "stackprobe-fake-stack: " << message << "\n" << kUsage;
  std::exit(2);
}

int ParseNumber(const std::string& text, int min, int max,
                const std::string& flag) {
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  Fail(flag + ": expected an integer " + std::to_string(min) + ".." +
       std::to_string(max) + ", got \"" + text + "\"");
}

Options ParseArgs(int argc, char** argv) {
  Options options;
  for (Service service : stackprobe::fake_stack::kAllServices) {
    options.stack.ports[service] = stackprobe::fake_stack::DefaultPort(service);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) Fail(arg + ": missing value");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--base-port") {
      int base = ParseNumber(value(), 1, 65530, arg);
      int offset = 0;
      for (Service service : stackprobe::fake_stack::kAllServices) {
        options.stack.ports[service] =
            static_cast<std::uint16_t>(base + offset++);
      }
    } else if (arg == "--ports") {
      std::string list = value();
      std::size_t start = 0;
      while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        std::string item = list.substr(start, comma - start);
        auto eq = item.find('=');
        auto service = stackprobe::fake_stack::ParseService(item.substr(0, eq));
        if (eq == std::string::npos || !service) {
          Fail("--ports: expected SERVICE=PORT, got \"" + item + "\"");
        }
        options.stack.ports[*service] = static_cast<std::uint16_t>(
            ParseNumber(item.substr(eq + 1), 0, 65535, "--ports"));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (arg == "--demo") {
      options.demo = true;
    } else if (arg == "--demo-period") {
      options.demo_period_seconds = ParseNumber(value(), 2, 3600, arg);
    } else if (arg == "--write-config") {
      options.config_file = value();
    } else if (arg == "--listen") {
      options.listen = value();
    } else if (arg == "--telemetry-dir") {
      options.telemetry_dir = value();
    } else if (arg == "--fixtures-dir") {
      options.stack.fixtures_dir = value();
    } else if (arg == "--slow-ms") {
      options.stack.slow_delay =
          std::chrono::milliseconds(ParseNumber(value(), 0, 600000, arg));
    } else {
      Fail("unknown argument \"" + arg + "\"");
    }
  }
  return options;
}

void Log(const std::string& line) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%H:%M:%S", &local);
  std::cout << stamp << " " << line << std::endl;
}

struct DemoStep {
  Service service;
  Scenario scenario;
};

// One failure per period, each recovering after half of it.
constexpr DemoStep kDemoSteps[] = {
    {Service::kEmbeddings, Scenario::kLoading},
    {Service::kQdrant, Scenario::kDown},
    {Service::kAidb, Scenario::kError},
    {Service::kLlama, Scenario::kLoading},
    {Service::kQdrant, Scenario::kDim768},
    {Service::kHybrid, Scenario::kDown},
    {Service::kAidb, Scenario::kDegraded},
    {Service::kEmbeddings, Scenario::kError},
    {Service::kQdrant, Scenario::kMissingCollection},
    {Service::kAidb, Scenario::kBreakerOpen},
};

std::string Describe(const DemoStep& step) {
  return std::string(stackprobe::fake_stack::ServiceName(step.service)) + " " +
         std::string(stackprobe::fake_stack::ScenarioName(step.scenario));
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseArgs(argc, argv);
  // Blocked before any thread starts, so only sigtimedwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    FakeStack stack(options.stack);
    auto endpoints = stack.endpoints();
    for (Service service : stackprobe::fake_stack::kAllServices) {
      Log(std::string(stackprobe::fake_stack::ServiceName(service)) + " on " +
          endpoints.Of(service));
    }
    if (!options.config_file.empty()) {
      std::ofstream out(options.config_file, std::ios::trunc);
      out << stackprobe::fake_stack::ProbeConfigYaml(endpoints, options.listen);
      if (!out) throw std::runtime_error("cannot write " + options.config_file);
      Log("wrote " + options.config_file);
    }
    std::size_t telemetry_lines = 0;
    if (!options.telemetry_dir.empty()) {
      stackprobe::fake_stack::AppendTelemetry(options.telemetry_dir, 0, 10);
      telemetry_lines = 10;
      Log("wrote telemetry samples to " + options.telemetry_dir);
    }

    auto half = std::chrono::seconds(options.demo_period_seconds) / 2;
    auto next_change = std::chrono::steady_clock::now() + half;
    std::size_t step = 0;
    bool failing = false;
    for (;;) {
      timespec tick{1, 0};
      int signal = sigtimedwait(&signals, nullptr, &tick);
      if (signal == SIGINT || signal == SIGTERM) {
        Log("stopping");
        break;
      }
      if (!options.demo || std::chrono::steady_clock::now() < next_change) {
        continue;
      }
      next_change += half;
      const DemoStep& current = kDemoSteps[step];
      if (!failing) {
        Log("demo: " + Describe(current));
        stack.Set(current.service, current.scenario);
      } else {
        Log("demo: " +
            std::string(stackprobe::fake_stack::ServiceName(current.service)) +
            " recovers");
        stack.Set(current.service, Scenario::kHealthy);
        step = (step + 1) % std::size(kDemoSteps);
        if (!options.telemetry_dir.empty()) {
          stackprobe::fake_stack::AppendTelemetry(options.telemetry_dir,
                                                  telemetry_lines++, 1);
        }
      }
      failing = !failing;
    }
  } catch (const std::exception& e) {
    std::cerr << "stackprobe-fake-stack: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
