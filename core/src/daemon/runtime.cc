// SPDX-License-Identifier: Apache-2.0
#include "daemon/runtime.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "config/schema_annotations.h"
#include "daemon/url_origin.h"
#include "schedule/scheduler.h"
#include "schedule/sink_runner.h"

namespace stackprobe::daemon {

struct Runtime::Generation {
  config::Config config;
  std::vector<std::shared_ptr<const loader::LoadedPlugin>> plugins;
  std::unique_ptr<schedule::Scheduler> scheduler;
  std::unique_ptr<schedule::SinkRunner> sinks;
  std::vector<ConfiguredAction> actions;
  std::map<std::string, std::string> plugin_of;  // probe -> plugin

  void Stop() {
    if (sinks) sinks->Stop();
    if (scheduler) scheduler->Stop();
  }
};

Runtime::Runtime(RuntimeOptions options, loader::PluginLoader& loader,
                 const host::HttpClient& http)
    : options_(std::move(options)), loader_(loader), http_(http) {
  store_.SetRunObserver([this](const std::string& probe, double seconds) {
    self_metrics_.ObserveProbeRun(probe, seconds);
  });
}

Runtime::~Runtime() { Stop(); }

host::HostServices Runtime::Services() {
  host::HostServices services;
  services.http = &http_;
  services.file_write_failed = [this](std::string_view instance) {
    std::lock_guard<std::mutex> lock(write_failures_mutex_);
    ++write_failures_[std::string(instance)];
  };
  services.latest_result = [this](const std::string& probe, ProbeRecord& out) {
    return store_.Latest(probe, out);
  };
  services.run_probe_now = [this](const std::string& probe, ProbeRecord& out) {
    return RunProbeNow(probe, std::nullopt, out);
  };
  services.probe_names = [this] {
    auto generation = Current();
    std::vector<std::string> names;
    if (generation) {
      for (const auto& [name, plugin] : generation->plugin_of) {
        names.push_back(name);
      }
    }
    return names;
  };
  return services;
}

std::map<std::string, std::uint64_t> Runtime::FileWriteFailures() const {
  std::lock_guard<std::mutex> lock(write_failures_mutex_);
  return write_failures_;
}

std::shared_ptr<Runtime::Generation> Runtime::Build() {
  auto generation = std::make_shared<Generation>();
  generation->config = config::LoadConfigFile(options_.config_path);
  const auto dirs =
      PluginSearchPath(options_.cli_plugin_dirs, generation->config,
                       options_.default_plugin_dir);
  auto instances = BuildInstances(generation->config, loader_, dirs,
                                  /*strict=*/false);
  for (const auto& refusal : instances.refusals) {
    spdlog::warn("event=plugin_refused path={} reason=\"{}\"", refusal.path,
                 refusal.reason);
  }
  for (const auto& problem : instances.problems) {
    spdlog::error("event=instance_unavailable problem=\"{}\"", problem);
  }
  generation->plugins = instances.plugins;
  std::vector<schedule::ProbeDefinition> definitions;
  for (const auto& probe : instances.probes) {
    generation->plugin_of[probe.definition.name] = probe.definition.plugin;
  }
  schedule::SchedulerOptions scheduler_options;
  scheduler_options.workers = generation->config.workers;
  generation->scheduler = std::make_unique<schedule::Scheduler>(
      std::move(instances.probes), store_, Services(), scheduler_options);
  generation->sinks = std::make_unique<schedule::SinkRunner>(
      std::move(instances.sinks), store_, Services(),
      [this](const std::string& sink, bool success, double seconds) {
        self_metrics_.ObserveSinkWrite(sink, success, seconds);
      });
  generation->actions = std::move(instances.actions);
  return generation;
}

namespace {
std::vector<schedule::ProbeDefinition> DefinitionsOf(
    const config::Config& config) {
  std::vector<schedule::ProbeDefinition> definitions;
  for (const auto& probe : config.probes) {
    schedule::ProbeDefinition definition;
    definition.name = probe.name;
    definition.plugin = probe.plugin;
    definition.labels = probe.labels;
    definition.depends_on = probe.depends_on;
    definition.interval_seconds =
        std::chrono::duration<double>(probe.interval).count();
    definition.timeout_seconds =
        std::chrono::duration<double>(probe.timeout).count();
    definitions.push_back(std::move(definition));
  }
  return definitions;
}

std::vector<expose::ProbeHistogramSpec> HistogramsOf(
    const config::Config& config) {
  std::vector<expose::ProbeHistogramSpec> specs;
  for (const auto& probe : config.probes) {
    if (probe.duration_histogram.empty()) continue;
    specs.push_back({probe.name, probe.labels, probe.duration_histogram});
  }
  return specs;
}

std::vector<std::string> SinkNamesOf(const config::Config& config) {
  std::vector<std::string> names;
  for (const auto& sink : config.sinks) names.push_back(sink.name);
  return names;
}

}  // namespace

// The self metrics follow the config in force: removed probes and sinks lose
// their series.
void Runtime::ApplySelfMetrics(const config::Config& config) {
  self_metrics_.SetProbeHistograms(HistogramsOf(config));
  self_metrics_.SetSinks(SinkNamesOf(config));
}

void Runtime::Start() {
  std::lock_guard<std::mutex> reload_lock(reload_mutex_);
  auto generation = Build();
  store_.Define(DefinitionsOf(generation->config));
  ApplySelfMetrics(generation->config);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = generation;
    start_time_ = schedule::UnixNow();
    last_reload_successful_ = true;
    last_reload_success_timestamp_ = start_time_;
  }
  generation->scheduler->Start();
  generation->sinks->Start();
  spdlog::info("event=config_loaded file={} probes={} sinks={} actions={}",
               options_.config_path, generation->config.probes.size(),
               generation->config.sinks.size(),
               generation->config.actions.size());
}

bool Runtime::Reload(std::string& error) {
  std::lock_guard<std::mutex> reload_lock(reload_mutex_);
  std::shared_ptr<Generation> fresh;
  try {
    fresh = Build();
  } catch (const std::exception& e) {
    error = e.what();
    self_metrics_.CountReload(false);
    std::lock_guard<std::mutex> lock(mutex_);
    last_reload_successful_ = false;
    spdlog::error("event=reload_failed kept=previous error=\"{}\"", error);
    return false;
  }
  std::shared_ptr<Generation> old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = current_;
  }
  // The old generation stops first so that no run of a removed probe lands
  // after the store forgot it.
  if (old) old->Stop();
  store_.Define(DefinitionsOf(fresh->config));
  ApplySelfMetrics(fresh->config);
  self_metrics_.CountReload(true);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = fresh;
    last_reload_successful_ = true;
    last_reload_success_timestamp_ = schedule::UnixNow();
  }
  fresh->scheduler->Start();
  fresh->sinks->Start();
  spdlog::info("event=reloaded file={} probes={}", options_.config_path,
               fresh->config.probes.size());
  return true;
}

void Runtime::Stop() {
  std::shared_ptr<Generation> generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = current_;
  }
  if (generation) generation->Stop();
  action_cancelled_ = true;
  std::thread action;
  {
    std::lock_guard<std::mutex> lock(action_mutex_);
    action.swap(action_thread_);
  }
  if (action.joinable()) action.join();
}

ActionStartError Runtime::StartAction(const std::string& name,
                                      const std::vector<std::string>& args) {
  auto generation = Current();
  if (!generation) return ActionStartError::kUnknown;
  ConfiguredAction* found = nullptr;
  for (auto& action : generation->actions) {
    if (action.name == name) found = &action;
  }
  if (found == nullptr) return ActionStartError::kUnknown;
  std::lock_guard<std::mutex> lock(action_mutex_);
  if (action_run_.running) return ActionStartError::kAlreadyRunning;
  if (action_thread_.joinable()) action_thread_.join();  // the finished one
  action_run_ = ActionRun{};
  action_run_.name = name;
  action_run_.running = true;
  action_run_.started_at = schedule::UnixNow();
  // The generation is held by the thread so a reload cannot destroy the
  // action object while it runs.
  action_thread_ = std::thread([this, generation, found, args] {
    host::HostServices services = Services();
    services.progress = [this](std::string_view line) {
      spdlog::info("event=action_progress line=\"{}\"", line);
      std::lock_guard<std::mutex> progress_lock(action_mutex_);
      if (action_run_.progress.size() < 1000) {
        action_run_.progress.emplace_back(line);
      }
    };
    host::ActionContextImpl context(
        services, found->name,
        std::chrono::steady_clock::now() + std::chrono::hours(1),
        &action_cancelled_);
    ActionResult result;
    try {
      result = static_cast<Action*>(found->object.get())->Run(context, args);
    } catch (const std::exception& e) {
      result.exit_code = 2;
      result.summary = std::string("the action plugin threw: ") + e.what();
    } catch (...) {
      result.exit_code = 2;
      result.summary = "the action plugin threw a non-standard exception";
    }
    std::lock_guard<std::mutex> done_lock(action_mutex_);
    action_run_.running = false;
    action_run_.exit_code = result.exit_code;
    action_run_.summary = result.summary;
    action_run_.finished_at = schedule::UnixNow();
    spdlog::info("event=action_finished action={} exit_code={}", found->name,
                 result.exit_code);
  });
  return ActionStartError::kNone;
}

ActionRun Runtime::LastAction() const {
  std::lock_guard<std::mutex> lock(action_mutex_);
  return action_run_;
}

std::shared_ptr<Runtime::Generation> Runtime::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

model::ExporterInfo Runtime::Info() const {
  model::ExporterInfo info;
  info.version = options_.version;
  info.revision = options_.revision;
  info.config_file = options_.config_path;
  std::shared_ptr<Generation> generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = current_;
    info.last_reload_successful = last_reload_successful_;
    info.last_reload_success_timestamp = last_reload_success_timestamp_;
    info.start_time = start_time_;
  }
  if (generation) {
    info.probe_series = generation->config.exposition.full_probe_series
                            ? model::ProbeSeries::kFull
                            : model::ProbeSeries::kLean;
    for (const auto& plugin : generation->plugins) {
      info.plugins.push_back({plugin->name, plugin->version, kAbiVersion,
                              loader::KindName(plugin->kind),
                              plugin->description, plugin->path});
    }
  }
  return info;
}

std::vector<std::string> Runtime::AllowedHosts() const {
  auto generation = Current();
  return generation ? generation->config.api.allowed_hosts
                    : std::vector<std::string>{};
}

config::Config Runtime::CurrentConfig() const {
  auto generation = Current();
  return generation ? generation->config : config::Config{};
}

bool Runtime::RunProbeNow(const std::string& probe,
                          std::optional<std::chrono::milliseconds> timeout,
                          ProbeRecord& out) {
  auto generation = Current();
  return generation && generation->scheduler->RunNow(probe, timeout, out);
}

TargetRunError Runtime::RunProbeAgainst(const std::string& probe,
                                        const std::string& target,
                                        std::chrono::milliseconds timeout,
                                        ProbeRecord& out, std::string& error) {
  auto generation = Current();
  if (!generation) {
    error = "not running";
    return TargetRunError::kInvalid;
  }
  const config::ProbeConfig* configured = nullptr;
  for (const auto& candidate : generation->config.probes) {
    if (candidate.name == probe) configured = &candidate;
  }
  std::shared_ptr<const loader::LoadedPlugin> plugin;
  for (const auto& candidate : generation->plugins) {
    if (configured != nullptr && candidate->name == configured->plugin) {
      plugin = candidate;
    }
  }
  if (configured == nullptr || !plugin) {
    error = "unknown probe: " + probe;
    return TargetRunError::kInvalid;
  }
  // Off by default: any page the user opens can make the browser send a
  // GET here, and the probe's method, body and credentials would go along.
  if (!configured->allow_target) {
    error = "probe " + probe +
            " does not accept target= (set allow_target: true in its config)";
    return TargetRunError::kNotAllowed;
  }
  // A NUL would cut the URL short where it meets C (libcurl): the probe
  // would ask another target than the one named.
  if (std::any_of(target.begin(), target.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    error = "target: expected a URL without control characters";
    return TargetRunError::kInvalid;
  }
  const auto schema = nlohmann::json::parse(plugin->config_schema);
  const auto keys = config::TargetUrlKeys(schema);
  if (keys.size() != 1) {
    error = "plugin " + plugin->name + " takes no target";
    return TargetRunError::kInvalid;
  }
  const std::string& key = keys.front();
  nlohmann::json config = configured->config;
  const nlohmann::json configured_url =
      config.contains(key)
          ? config[key]
          : schema["properties"][key].value("default", nlohmann::json());
  if (!configured_url.is_string() ||
      !SameOrigin(configured_url.get<std::string>(), target)) {
    config::RemoveSecrets(schema, config);
  }
  config[key] = target;
  bool is_config_error = false;
  auto object = CreateFromConfig(generation->plugins, plugin->name,
                                 PluginKind::kProbe, config, "target",
                                 configured->json_path, error, is_config_error);
  if (!object) return TargetRunError::kInvalid;
  schedule::ScheduledProbe copy;
  copy.definition.name = probe;
  copy.definition.plugin = plugin->name;
  copy.definition.labels = configured->labels;
  copy.interval = configured->interval;
  copy.timeout = timeout;
  copy.object = std::move(object);
  copy.allowed_reasons = plugin->allowed_reasons;
  out = schedule::RunDetached(copy, Services(), timeout);
  return TargetRunError::kNone;
}

std::string Runtime::PluginOf(const std::string& probe) const {
  auto generation = Current();
  if (!generation) return "";
  auto it = generation->plugin_of.find(probe);
  return it == generation->plugin_of.end() ? "" : it->second;
}

}  // namespace stackprobe::daemon
