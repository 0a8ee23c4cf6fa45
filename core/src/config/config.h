// SPDX-License-Identifier: Apache-2.0
//
// The typed configuration: what the rest of the core works from. Produced by
// config_loader.h with every default written out, so nothing downstream
// needs to know a default.
#ifndef STACKPROBE_CONFIG_CONFIG_H_
#define STACKPROBE_CONFIG_CONFIG_H_

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackprobe::config {

/// The buckets of `duration_histogram: true`: 1 ms to 10 s.
inline const std::vector<double> kDefaultDurationBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

/// One configured probe: an instance of a probe plugin.
struct ProbeConfig {
  /// Unique among probes; ^[A-Za-z0-9_.-]{1,64}$. The `probe` label.
  std::string name;
  /// Plugin name (file name without .so); ^[a-z][a-z0-9_]{0,63}$.
  std::string plugin;
  /// Time between the starts of two runs; > 0.
  std::chrono::milliseconds interval{0};
  /// Deadline of one run; > 0 and <= interval.
  std::chrono::milliseconds timeout{0};
  /// Names of probes this one needs; each names a configured probe, and
  /// there is no cycle. While one of them is down the probe still runs and
  /// is reported blocked by it (alerts use that to page the cause only).
  std::vector<std::string> depends_on;
  /// Do not run the probe while it is blocked: report state `blocked`
  /// instead (for probes that would do harm against a half-working stack).
  bool skip_while_blocked = false;
  /// Whether GET /probe?probe=NAME&target=URL may run a copy of this probe
  /// against a caller's URL (off: 403). Credentials (schema properties of
  /// format "secret") stay behind when the URL is on another origin.
  bool allow_target = false;
  /// Extra labels on this probe's series; names are valid Prometheus label
  /// names other than probe, state and reason, not starting with "__".
  std::map<std::string, std::string> labels;
  /// Run the probe in a child process, so a crash cannot take the daemon.
  bool isolate = false;
  /// Upper bounds (seconds, positive, strictly increasing) of the histogram
  /// of this probe's run durations, stackprobe_probe_run_duration_seconds;
  /// empty: no histogram. `duration_histogram: true` gives
  /// kDefaultDurationBuckets.
  std::vector<double> duration_histogram;
  /// The plugin's config object, as written (always an object). The loader
  /// validates it against the plugin's schema later.
  nlohmann::json config = nlohmann::json::object();
  /// Where this entry is in the file ("probes[2]"), for error messages.
  std::string json_path;
};

/// One configured sink or action: an instance of a sink or action plugin.
struct InstanceConfig {
  /// Unique among its kind (sinks or actions); ^[A-Za-z0-9_.-]{1,64}$.
  std::string name;
  /// Plugin name; ^[a-z][a-z0-9_]{0,63}$.
  std::string plugin;
  /// The plugin's config object, as written (always an object).
  nlohmann::json config = nlohmann::json::object();
  /// Where this entry is in the file ("sinks[0]"), for error messages.
  std::string json_path;
};

/// The HTTP API's switches.
struct ApiConfig {
  /// Whether POST /api/v1/actions/<name> may run actions.
  bool actions_enabled = false;
  /// Host names (beyond IP addresses, localhost and this machine's own
  /// name) that requests may name in their Host header; lower case.
  std::vector<std::string> allowed_hosts;
};

/// What /metrics carries (`exposition`).
struct ExpositionConfig {
  /// probe_series: full also writes the per-probe run counters, failures by
  /// reason, skipped runs and timeout; lean (false) leaves them out.
  bool full_probe_series = false;
};

/// A whole, valid configuration. Plain data: copy freely; not synchronized.
struct Config {
  /// The config file as given (the prefix of error messages).
  std::string file;
  /// Addresses to serve HTTP on: "127.0.0.1:9877", "[::1]:9877".
  std::vector<std::string> listen;
  /// Extra plugin folders, absolute (relative ones are taken from the config
  /// file's folder), normalized.
  std::vector<std::string> plugin_dirs;
  /// Probe worker threads, 1..64.
  int workers = 4;
  /// One of debug, info, warning, error.
  std::string log_level;
  /// Interval of probes that set none.
  std::chrono::milliseconds default_interval{0};
  /// Timeout of probes that set none (capped at the probe's interval).
  std::chrono::milliseconds default_timeout{0};
  /// HTTP API switches.
  ApiConfig api;
  ExpositionConfig exposition;
  /// Probes in file order.
  std::vector<ProbeConfig> probes;
  /// Sinks in file order.
  std::vector<InstanceConfig> sinks;
  /// Actions in file order.
  std::vector<InstanceConfig> actions;
};

/// The configuration as a config document, with every setting written out
/// (durations as sdk::FormatDuration strings). Parsing its dump gives an
/// equal Config (apart from `file` and `json_path`). Pure.
nlohmann::json ToJson(const Config& config);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_CONFIG_H_
