// SPDX-License-Identifier: Apache-2.0
#include <signal.h>
#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "config/config_error.h"
#include "daemon/endpoints.h"
#include "daemon/memory_release.h"
#include "daemon/runtime.h"
#include "daemon/status_digest.h"
#include "daemon/systemd_notify.h"
#include "host/http_client.h"
#include "http/server.h"
#include "web/exposure_warnings.h"
#include "web/web_config_watcher.h"

namespace stackprobe::cli {
namespace {

sigset_t DaemonSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  return signals;
}

}  // namespace

int RunServe(const GlobalOptions& global, const ServeOptions& options) {
  // Blocked before any thread starts, so every thread inherits the mask and
  // the signals are taken only by the sigtimedwait loop below.
  const sigset_t signals = DaemonSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Read before anything starts: a web config that does not load must not
  // leave the exporter serving without the protection it asks for.
  std::shared_ptr<web::WebConfigWatcher> web_config;
  if (!options.web_config_file.empty()) {
    try {
      web_config =
          std::make_shared<web::WebConfigWatcher>(options.web_config_file);
    } catch (const std::exception& e) {
      std::cerr << e.what() << "\n";
      return 1;
    }
  }

  loader::PluginLoader loader;
  host::HttpClient http_client;
  daemon::RuntimeOptions runtime_options;
  runtime_options.config_path = ResolveConfigPath(global);
  runtime_options.cli_plugin_dirs = global.plugin_dirs;
  runtime_options.default_plugin_dir = DefaultPluginDir();
  runtime_options.version = Version();
  runtime_options.revision = Revision();
  daemon::Runtime runtime(runtime_options, loader, http_client);
  try {
    RequireDefaultConfigFile(global);
    runtime.Start();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  const auto config = runtime.CurrentConfig();

  std::unique_ptr<http::Server> server;
  auto reload = [&runtime](std::string& error) {
    daemon::NotifyReloading();
    const bool ok = runtime.Reload(error);
    daemon::NotifyReady(ok ? "reloaded"
                           : "reload failed; previous config kept");
    return ok;
  };
  http::Router router;
  daemon::EndpointHooks hooks;
  hooks.reload = reload;
  if (web_config != nullptr) {
    hooks.web_config_reload_failures = [web_config] {
      return web_config->FailedReloads();
    };
  }
  daemon::AddEndpoints(router, runtime, hooks);
  http::ServerOptions server_options;
  server_options.listen =
      options.listen.empty() ? config.listen : options.listen;
  server_options.metrics_registry = runtime.self_metrics().registry();
  if (web_config != nullptr) {
    server_options.security = [web_config] { return web_config->Current(); };
  }
  server = std::make_unique<http::Server>(server_options, std::move(router));
  try {
    server->Start();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    runtime.Stop();
    return 1;
  }
  const auto addresses = server->BoundAddresses();
  spdlog::info("event=listening addresses={} config={} probes={}",
               fmt::join(addresses, ","), runtime_options.config_path,
               config.probes.size());
  web::Exposure exposure;
  exposure.addresses = addresses;
  if (web_config != nullptr) {
    const web::WebConfig& web = web_config->StartConfig();
    exposure.tls = web.tls.has_value();
    exposure.basic_auth = !web.basic_auth_users.empty();
    exposure.client_certs_required =
        web.tls &&
        web.tls->client_auth == web::ClientAuth::kRequireAndVerifyClientCert;
  }
  for (const std::string& line : web::ExposureWarnings(exposure)) {
    spdlog::warn("{}", line);
  }
  daemon::NotifyReady("serving " + std::to_string(config.probes.size()) +
                      " probes");

  // The loop wakes at least every 10 s: for the watchdog (more often than
  // its interval does no harm), for the digest of the probes' states, and to
  // give memory freed after a burst of scrapes back to the system.
  const auto watchdog = daemon::WatchdogPingInterval();
  const auto wait = std::min<std::chrono::microseconds>(
      watchdog.value_or(std::chrono::seconds(10)), std::chrono::seconds(10));
  daemon::StatusDigest digest(schedule::UnixNow());
  timespec wait_spec{};
  wait_spec.tv_sec = static_cast<time_t>(wait.count() / 1000000);
  wait_spec.tv_nsec = static_cast<long>((wait.count() % 1000000) * 1000);
  while (true) {
    siginfo_t info{};
    const int signal_number = sigtimedwait(&signals, &info, &wait_spec);
    if (signal_number == SIGHUP) {
      spdlog::info("event=reload_requested source=SIGHUP");
      std::string error;
      reload(error);
      continue;
    }
    if (signal_number == SIGTERM || signal_number == SIGINT) {
      spdlog::info("event=stopping signal={}", signal_number);
      break;
    }
    if (watchdog) daemon::NotifyWatchdog();
    daemon::ReleaseFreeMemory();
    for (const std::string& line :
         digest.Due(*runtime.store().Snapshot(), schedule::UnixNow())) {
      spdlog::info("{}", line);
    }
  }
  daemon::NotifyStopping();
  server->Stop();
  runtime.Stop();
  spdlog::info("event=stopped");
  return 0;
}

}  // namespace stackprobe::cli
