// SPDX-License-Identifier: Apache-2.0
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "cli/commands.h"
#include "cli/offline_stack.h"
#include "daemon/systemd_notify.h"
#include "host/host_context.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::cli {
namespace {

// What a unit's status shows once the action is over: the result's own
// "message" (the starter's "stack ready: 7/7 containers ready (41 s)"),
// else the summary's last non-empty line.
std::string FinalStatus(const ActionResult& result) {
  const auto details =
      nlohmann::json::parse(result.details_json, nullptr, false);
  if (details.is_object()) {
    const auto message = details.find("message");
    if (message != details.end() && message->is_string() &&
        !message->get<std::string>().empty()) {
      return message->get<std::string>();
    }
  }
  std::string_view summary = result.summary;
  const auto end = summary.find_last_not_of("\r\n ");
  if (end != std::string_view::npos) {
    summary = summary.substr(0, end + 1);
    const auto start = summary.find_last_of('\n');
    return std::string(
        start == std::string_view::npos ? summary : summary.substr(start + 1));
  }
  return result.exit_code == 0 ? "done" : "failed";
}

bool HasActionPlugin(const OfflineStack& stack, const std::string& name) {
  return std::any_of(
      stack.plugins.begin(), stack.plugins.end(), [&name](const auto& plugin) {
        return plugin->name == name && plugin->kind == PluginKind::kAction;
      });
}

// The commands of main.cc that run an action plugin of another name.
constexpr std::pair<const char*, const char*> kActionCommands[] = {
    {"start", "starter"}, {"doctor", "doctor"}};

// The action names that exist, for someone who named one that does not:
// the configured actions, the action plugins, and the command meant when
// the name is one (`stackprobe start` runs the starter plugin, not an
// action "start").
std::string KnownActions(const OfflineStack& stack, const std::string& name) {
  std::string configured;
  for (const auto& action : stack.actions) {
    configured += (configured.empty() ? "" : ", ") + action.name;
  }
  std::string plugins;
  for (const auto& plugin : stack.plugins) {
    if (plugin->kind != PluginKind::kAction) continue;
    plugins += (plugins.empty() ? "" : ", ") + plugin->name;
  }
  std::string known =
      "configured actions: " + (configured.empty() ? "none" : configured) +
      "; action plugins: " + (plugins.empty() ? "none" : plugins);
  for (const auto& [command, plugin] : kActionCommands) {
    if (name == command) {
      known += "; `stackprobe " + name + "` runs the " + plugin + " plugin";
    }
  }
  return known;
}

}  // namespace

int RunAction(const GlobalOptions& global, const std::string& name,
              const std::string& fallback_plugin,
              const std::vector<std::string>& args) {
  loader::PluginLoader loader;
  std::unique_ptr<OfflineStack> stack;
  try {
    stack = BuildOfflineStack(global, loader, /*config_optional=*/true, {},
                              {fallback_plugin});
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  Action* action = nullptr;
  loader::PluginObject fallback;
  for (auto& configured : stack->actions) {
    if (configured.name == name) {
      action = static_cast<Action*>(configured.object.get());
    }
  }
  if (action == nullptr) {
    std::string error;
    bool is_config_error = false;
    fallback = daemon::CreateFromConfig(
        stack->plugins, fallback_plugin, PluginKind::kAction,
        nlohmann::json::object(), "(defaults)", fallback_plugin, error,
        is_config_error);
    if (!fallback && !HasActionPlugin(*stack, fallback_plugin)) {
      std::cerr << "no action \"" << name
                << "\": " << KnownActions(*stack, name) << "\n";
      return 2;
    }
    if (!fallback) {
      std::cerr << "no action \"" << name << "\" is configured and the "
                << fallback_plugin << " plugin is not usable: " << error
                << "\n";
      return 2;
    }
    action = static_cast<Action*>(fallback.get());
  }
  host::HostServices services = stack->services;
  services.progress = [](std::string_view line) {
    spdlog::info("event=progress action_line={}", sdk::LogfmtQuote(line));
    daemon::NotifyStatus(line);
  };
  const std::atomic<bool> cancelled{false};
  // Actions bound their own steps; the context deadline is a backstop.
  host::ActionContextImpl context(
      services, name, std::chrono::steady_clock::now() + std::chrono::hours(1),
      &cancelled);
  ActionResult result;
  try {
    result = action->Run(context, args);
  } catch (const std::exception& e) {
    std::cerr << name << " failed inside its plugin: " << e.what() << "\n";
    return 2;
  } catch (...) {
    std::cerr << name
              << " failed inside its plugin: a non-standard exception\n";
    return 2;
  }
  // A Type=notify unit running an action (the stack starter) becomes active
  // only now; its status keeps the outcome either way.
  if (result.exit_code == 0) {
    daemon::NotifyReady(FinalStatus(result));
  } else {
    daemon::NotifyStatus(FinalStatus(result));
  }
  if (!result.summary.empty()) {
    std::cout << result.summary;
    if (result.summary.back() != '\n') std::cout << "\n";
  }
  return result.exit_code;
}

}  // namespace stackprobe::cli
