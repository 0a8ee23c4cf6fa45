// SPDX-License-Identifier: Apache-2.0
//
// End to end: the fake AI stack, stackprobe (serve) probing it, and a real
// Prometheus scraping stackprobe every second with the rules of
// dashboards/prometheus loaded (alerts with a 2 s `for`). Every PromQL
// expression of every dashboard panel and every rule must parse, every panel
// must return data, every metric name they read must be one stackprobe
// exports; then a stopped service must raise its alert, and only its own.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "daemon_process.h"
#include "dashboard_queries.h"
#include "stackprobe/fake_stack/fake_stack.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using fake_stack::FakeStack;
using fake_stack::Scenario;
using fake_stack::Service;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kDashboards = STACKPROBE_DASHBOARDS_DIR;

// Values for Grafana's variables that work on seconds-old data scraped
// every second.
const std::map<std::string, std::string> kVariables = {
    {"instance", ".*"},   {"probe", ".*"},   {"__rate_interval", "10s"},
    {"__interval", "2s"}, {"__range", "5m"}, {"datasource", "prometheus"}};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A host for the rootless probe in `root`: the user hyperd with good
// subordinate ranges, but a PATH whose newuidmap/newgidmap are plain
// binaries (the NixOS failure), so its preflight fails deterministically
// and the failure panels have data. Returns the probe's config (JSON).
std::string RootlessHost(const std::string& root) {
  namespace fs = std::filesystem;
  auto write = [&](const std::string& relative, const std::string& text) {
    const fs::path path = fs::path(root) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  };
  write("etc/passwd", "hyperd:x:1000:1000::" + root + "/home:/bin/sh\n");
  write("etc/subuid", "hyperd:100000:65536\n");
  write("etc/subgid", "hyperd:100000:65536\n");
  write("proc/sys/user/max_user_namespaces", "15000\n");
  write("linger/hyperd", "");
  fs::create_directories(root + "/run/user/1000");
  for (const char* tool : {"newuidmap", "newgidmap", "podman"}) {
    const std::string path =
        write(std::string("sw/bin/") + tool, "#!/bin/false\n");
    chmod(path.c_str(), 0555);
  }
  return R"({"user": "hyperd", "path": ")" + root + R"(/sw/bin",
      "passwd_file": ")" +
         root + R"(/etc/passwd",
      "subuid_file": ")" +
         root + R"(/etc/subuid",
      "subgid_file": ")" +
         root + R"(/etc/subgid",
      "proc_sys_dir": ")" +
         root + R"(/proc/sys",
      "linger_dir": ")" +
         root + R"(/linger",
      "xdg_runtime_dir": ")" +
         root + R"(/run/user/1000",
      "search_dirs": [], "podman_info": false})";
}

// The state file `stackprobe start` leaves behind (the starter's report,
// version 1): a successful start of two containers.
std::string StarterStateFile() {
  const auto now = std::chrono::duration_cast<seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return R"({"version": 1, "outcome": "success", "exit_code": 0, "started_at": )" +
         std::to_string(now - 60) +
         R"(, "duration_seconds": 42.5, "path": "/run/wrappers/bin:/usr/bin",
    "path_reordered": false, "message": "2 containers ready",
    "containers": [
      {"name": "local-ai-qdrant", "result": "ready", "ready": true,
       "required": true, "seconds": 3.5, "message": ""},
      {"name": "local-ai-embeddings", "result": "ready", "ready": true,
       "required": true, "seconds": 38.0, "message": ""}]})";
}

std::string StackprobeConfig(std::uint16_t port,
                             const fake_stack::ServiceEndpoints& endpoints,
                             const std::string& rootless_config,
                             const std::string& starter_state) {
  return "listen: [\"127.0.0.1:" + std::to_string(port) + "\"]\n" +
         "defaults: {interval: 1s, timeout: 1s}\n"
         "probes:\n"
         "  - {name: embeddings, plugin: embeddings, config: {base_url: \"" +
         endpoints.embeddings + "\", semantic_check: true}}\n" +
         "  - {name: aidb, plugin: aidb, config: {base_url: \"" +
         endpoints.aidb + "\"}}\n" +
         "  - {name: llama_cpp, plugin: llama_cpp, config: {base_url: \"" +
         endpoints.llama + "\"}}\n" +
         "  - {name: hybrid_coordinator, plugin: hybrid_coordinator, "
         "config: {base_url: \"" +
         endpoints.hybrid + "\"}}\n" +
         "  - {name: qdrant, plugin: qdrant, depends_on: [embeddings], "
         "config: {base_url: \"" +
         endpoints.qdrant + "\", embeddings_probe: embeddings}}\n" +
         "  - {name: rootless, plugin: rootless, interval: 2s, timeout: 2s, "
         "config: " +
         rootless_config + "}\n" +
         "  - {name: last_start, plugin: starter_status, interval: 2s, "
         "config: {state_file: \"" +
         starter_state + "\"}}\n";
}

// Names of the series on a text exposition.
std::set<std::string> ExposedNames(const std::string& exposition) {
  std::set<std::string> names;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find_first_of("{ ")));
  }
  return names;
}

class Prometheus {
 public:
  explicit Prometheus(DaemonProcess& process) : process_(process) {}
  // GET `path_and_query` parsed; a JSON error object when the body is not
  // JSON (so callers' lookups fail with the body in view).
  nlohmann::json Get(const std::string& path_and_query) const {
    const HttpResponse response = process_.Request("GET", path_and_query);
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
      return {{"status", "transport"}, {"error", response.body}};
    }
    return parsed;
  }
  nlohmann::json Query(const std::string& promql) const {
    return Get("/api/v1/query?query=" + UrlEncode(promql));
  }

 private:
  DaemonProcess& process_;
};

bool HasSeries(const nlohmann::json& answer) {
  return answer.value("status", "") == "success" &&
         answer["data"]["result"].is_array() &&
         !answer["data"]["result"].empty();
}

std::vector<PanelQuery> AllPanelQueries() {
  std::vector<PanelQuery> queries;
  for (const char* file :
       {"stackprobe-overview.json", "stackprobe-legacy-parity.json"}) {
    const auto dashboard =
        nlohmann::json::parse(ReadFile(kDashboards + "/grafana/" + file));
    for (PanelQuery& query : PanelQueries(dashboard)) {
      query.expr = SubstituteVariables(query.expr, kVariables);
      queries.push_back(std::move(query));
    }
  }
  return queries;
}

// Alerts named `name` with label probe=`probe`, pending or firing.
std::vector<nlohmann::json> ActiveAlerts(const nlohmann::json& answer,
                                         const std::string& name,
                                         const std::string& probe) {
  std::vector<nlohmann::json> found;
  if (answer.value("status", "") != "success") return found;
  for (const auto& alert : answer["data"]["alerts"]) {
    const auto& labels = alert["labels"];
    if (labels.value("alertname", "") == name &&
        labels.value("probe", "") == probe) {
      found.push_back(alert);
    }
  }
  return found;
}

TEST(E2ePrometheusTest, DashboardsAndAlertsWorkOnLiveData) {
  ASSERT_EQ(RunToCompletion({"prometheus", "--version"}, milliseconds(10000))
                .exit_code,
            0)
      << "the prometheus binary is required (Debian package prometheus)";
  TempDir dir;
  FakeStack stack({});
  const std::string rootless = RootlessHost(dir.path() + "/host");
  const auto port = FreeLoopbackPort();
  const auto starter_state =
      dir.Write("starter-state.json", StarterStateFile());
  const auto config = dir.Write(
      "stackprobe.yml",
      StackprobeConfig(port, stack.endpoints(), rootless, starter_state));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  // A test copy of the alerts that fire after 2 s instead of minutes.
  const std::string alerts_path =
      kDashboards + "/prometheus/stackprobe-alerts.rules.yml";
  const std::string recording_path =
      kDashboards + "/prometheus/stackprobe-recording.rules.yml";
  const auto alerts_copy =
      dir.Write("alerts.rules.yml", RulesWithShortFor(alerts_path, "2s"));
  const auto recording_copy =
      dir.Write("recording.rules.yml", ReadFile(recording_path));
  const auto prometheus_port = FreeLoopbackPort();
  const auto prometheus_config =
      dir.Write("prometheus.yml",
                "global: {scrape_interval: 1s, scrape_timeout: 1s, "
                "evaluation_interval: 1s}\n"
                "rule_files: [\"" +
                    alerts_copy + "\", \"" + recording_copy + "\"]\n" +
                    "scrape_configs:\n"
                    "  - job_name: stackprobe\n"
                    "    static_configs: [{targets: [\"127.0.0.1:" +
                    std::to_string(port) + "\"]}]\n");
  DaemonProcess prometheus_process(
      "/usr/bin/prometheus",
      {"--config.file=" + prometheus_config,
       "--storage.tsdb.path=" + dir.path() + "/tsdb",
       "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
      prometheus_port);
  ASSERT_TRUE(prometheus_process.ready()) << prometheus_process.Log();
  const Prometheus prometheus(prometheus_process);

  // Every panel query returns data once a few scrapes and rule
  // evaluations have happened (rates need two samples in 10 s).
  const std::vector<PanelQuery> panels = AllPanelQueries();
  ASSERT_GT(panels.size(), 30U);
  std::map<std::string, nlohmann::json> last_answer;
  std::vector<const PanelQuery*> empty;
  const auto deadline = Clock::now() + seconds(60);
  do {
    empty.clear();
    for (const PanelQuery& panel : panels) {
      const auto answer = prometheus.Query(panel.expr);
      last_answer[panel.expr] = answer;
      if (!HasSeries(answer)) empty.push_back(&panel);
    }
    if (!empty.empty()) std::this_thread::sleep_for(milliseconds(500));
  } while (!empty.empty() && Clock::now() < deadline);
  for (const PanelQuery* panel : empty) {
    ADD_FAILURE() << panel->dashboard << " panel " << panel->panel_id << " \""
                  << panel->panel_title << "\" " << panel->ref_id
                  << " returned no series: " << panel->expr << "\n"
                  << last_answer[panel->expr].dump();
  }

  // The names stackprobe exports with a healthy stack, the names the rules
  // record, and Prometheus's own.
  std::set<std::string> known =
      ExposedNames(daemon.Request("GET", "/metrics").body);
  known.insert({"up", "scrape_duration_seconds", "ALERTS"});
  std::vector<RuleDefinition> rules = LoadRules(alerts_path);
  for (RuleDefinition& rule : LoadRules(recording_path)) {
    known.insert(rule.name);
    rules.push_back(std::move(rule));
  }
  for (const RuleDefinition& rule : rules) {
    const auto answer = prometheus.Query(rule.expr);
    EXPECT_EQ(answer.value("status", ""), "success")
        << rule.name << ": " << answer.dump();
  }
  // Prometheus evaluates every loaded rule without error.
  const auto rule_groups = prometheus.Get("/api/v1/rules");
  std::size_t loaded = 0;
  for (const auto& group : rule_groups["data"]["groups"]) {
    for (const auto& rule : group["rules"]) {
      ++loaded;
      EXPECT_NE(rule.value("health", ""), "err")
          << rule.value("name", "") << ": " << rule.value("lastError", "");
    }
  }
  EXPECT_EQ(loaded, rules.size()) << rule_groups.dump();

  // Embeddings goes down, then Qdrant: embeddings alerts as down; qdrant,
  // which depends on embeddings, is still probed and down itself, but
  // blocked, so it alerts only as blocked. (The dependency fails first, as
  // when a stack degrades: a dependant down before its dependency pages
  // on its own.)
  stack.Set(Service::kEmbeddings, Scenario::kDown);
  ASSERT_TRUE(daemon.WaitForMetric(
      R"(stackprobe_probe_blocked{probe="qdrant"} 1)", milliseconds(20000)))
      << daemon.Log();
  stack.Set(Service::kQdrant, Scenario::kDown);
  nlohmann::json alerts;
  bool embeddings_down = false;
  bool qdrant_blocked = false;
  const auto alert_deadline = Clock::now() + seconds(40);
  while (!(embeddings_down && qdrant_blocked) &&
         Clock::now() < alert_deadline) {
    std::this_thread::sleep_for(milliseconds(500));
    alerts = prometheus.Get("/api/v1/alerts");
    embeddings_down =
        !ActiveAlerts(alerts, "StackprobeServiceDown", "embeddings").empty();
    qdrant_blocked =
        !ActiveAlerts(alerts, "StackprobeDependencyBlocked", "qdrant").empty();
    EXPECT_TRUE(ActiveAlerts(alerts, "StackprobeServiceDown", "qdrant").empty())
        << "a blocked probe must not alert as down: " << alerts.dump();
  }
  EXPECT_TRUE(embeddings_down) << alerts.dump() << "\n" << daemon.Log();
  ASSERT_TRUE(qdrant_blocked) << alerts.dump();
  EXPECT_EQ(
      ActiveAlerts(alerts, "StackprobeDependencyBlocked", "qdrant")[0]["labels"]
          .value("depends_on", ""),
      "embeddings");
  EXPECT_TRUE(ActiveAlerts(alerts, "StackprobeServiceDown", "aidb").empty());
  EXPECT_TRUE(daemon.WaitForMetric(
      R"(stackprobe_probe_state{probe="qdrant",state="down"} 1)",
      milliseconds(20000)))
      << "qdrant keeps its own state while blocked";
  // Down and blocked for longer than the alert's `for: 2s`: still no page.
  const auto quiet_until = Clock::now() + seconds(4);
  while (Clock::now() < quiet_until) {
    std::this_thread::sleep_for(milliseconds(500));
    alerts = prometheus.Get("/api/v1/alerts");
    EXPECT_TRUE(ActiveAlerts(alerts, "StackprobeServiceDown", "qdrant").empty())
        << "a blocked probe must not alert as down: " << alerts.dump();
  }
  stack.Set(Service::kQdrant, Scenario::kHealthy);

  // Some samples exist only in some states: the embeddings model loading.
  stack.Set(Service::kEmbeddings, Scenario::kLoading);
  EXPECT_TRUE(daemon.WaitForMetric("stackprobe_embeddings_loading_seconds",
                                   milliseconds(20000)));
  known.merge(ExposedNames(daemon.Request("GET", "/metrics").body));

  // Every name a panel or rule reads is one of those.
  for (const PanelQuery& panel : panels) {
    for (const std::string& name : MetricNames(panel.expr)) {
      EXPECT_TRUE(known.contains(name))
          << panel.dashboard << " \"" << panel.panel_title << "\" reads "
          << name << ", which nothing exports";
    }
  }
  for (const RuleDefinition& rule : rules) {
    for (const std::string& name : MetricNames(rule.expr)) {
      EXPECT_TRUE(known.contains(name)) << "rule " << rule.name << " reads "
                                        << name << ", which nothing exports";
    }
  }
}

}  // namespace
}  // namespace stackprobe::testing
