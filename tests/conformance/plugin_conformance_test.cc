// SPDX-License-Identifier: Apache-2.0
//
// The contract every plugin in the build's plugin folder keeps, checked on
// whatever is built there (new plugins are covered without listing them):
// it loads, its schema is closed and fully defaulted, its default config
// creates it or fails with a "path: ..." message, and a probe run against
// nothing (a closed loopback port, paths that do not exist) yields samples
// that the core keeps whole and that promtool accepts.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/json_schema.h"
#include "config/schema_annotations.h"
#include "conformance/plugin_checks.h"
#include "expose/metrics_renderer.h"
#include "expose/process_stats.h"
#include "fake_context.h"
#include "loader/plugin_loader.h"
#include "model/snapshot.h"
#include "promtool.h"

namespace stackprobe {
namespace {

using nlohmann::json;

// Keys a plugin requires, with a value that points at nothing. Plugins whose
// required keys are missing here fail DefaultConfigRunsAgainstNothing with
// a message naming the key.
const std::map<std::string, json>& RequiredKeys() {
  static const std::map<std::string, json> kKeys = {
      // A check that prints one item of every perfdata unit kind, so the
      // exposition of each exec family goes through promtool.
      {"exec",
       {{"command",
         {"/bin/echo", "OK | time=5ms size=2KB used=50% packets=7c procs=3"}}}},
      {"http", {{"url", "http://127.0.0.1:1/health"}}},
      {"telemetry", {{"path", "/nonexistent/stackprobe/events.jsonl"}}},
  };
  return kKeys;
}

// A loopback port nothing listens on: bound then closed, so a connect is
// refused at once.
int ClosedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// Points every target-looking key of a filled-in config at nothing, so no
// run reaches a service that happens to listen on a default port here.
// URLs get `userinfo` ("user:password@") when given.
void PointAtNothing(json& config, int port, const std::string& userinfo = "") {
  for (auto& [key, value] : config.items()) {
    if (value.is_string()) {
      const std::string text = value.get<std::string>();
      if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0) {
        value = "http://" + userinfo + "127.0.0.1:" + std::to_string(port) +
                "/?token=query-s3cret";
      } else if (key == "host") {
        value = "127.0.0.1";
      } else if (text.empty()) {
        // "" means "not used" (a password file, a socket folder): keep it.
      } else if (key == "path" || key.ends_with("_path") ||
                 key.ends_with("_file") || key.ends_with("_dir")) {
        value = "/nonexistent/stackprobe/" + key;
      }
    } else if (value.is_number_integer() && key == "port") {
      value = port;
    } else if (value.is_object()) {
      PointAtNothing(value, port, userinfo);
    }
  }
}

class PluginConformanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loader_ = new loader::PluginLoader();
    scan_ = new loader::ScanResult(
        loader_->Scan({STACKPROBE_CONFORMANCE_PLUGIN_DIR}));
  }
  // The loader stays: objects and code from its libraries may outlive it.

  static const loader::ScanResult& Scan() { return *scan_; }

  // The plugin's schema-filled config from `base`; "" and the validation
  // error when it does not validate.
  static json FilledConfig(const loader::LoadedPlugin& plugin, json base,
                           std::string& error) {
    const json schema = json::parse(plugin.config_schema);
    if (auto problem =
            config::ValidateAndFillDefaults(schema, base, "config")) {
      error = *problem;
    }
    return base;
  }

  // The plugin's config with its required keys and defaults, pointed at
  // nothing (URLs with `userinfo`); fails the test when it does not
  // validate.
  static json ConfigAgainstNothing(const loader::LoadedPlugin& plugin, int port,
                                   const std::string& userinfo = "") {
    const auto required = RequiredKeys().find(plugin.name);
    std::string error;
    json config = FilledConfig(
        plugin,
        required == RequiredKeys().end() ? json::object() : required->second,
        error);
    EXPECT_TRUE(error.empty())
        << error << " (add the plugin's required keys to RequiredKeys())";
    PointAtNothing(config, port, userinfo);
    return config;
  }

 private:
  static loader::PluginLoader* loader_;
  static loader::ScanResult* scan_;
};

loader::PluginLoader* PluginConformanceTest::loader_ = nullptr;
loader::ScanResult* PluginConformanceTest::scan_ = nullptr;

TEST_F(PluginConformanceTest, EveryBuiltPluginLoads) {
  for (const auto& refusal : Scan().refusals) {
    ADD_FAILURE() << refusal.path << " refused: " << refusal.reason;
  }
  ASSERT_FALSE(Scan().plugins.empty())
      << "no plugin in " << STACKPROBE_CONFORMANCE_PLUGIN_DIR;
  for (const auto& plugin : Scan().plugins) {
    EXPECT_EQ(conformance::DescriptorProblem(*plugin), "") << plugin->name;
  }
}

TEST_F(PluginConformanceTest, SchemasKeepTheContract) {
  // Closed, every optional key defaulted, at most one "target-url" key (the
  // one /probe?target= replaces; the core no longer guesses it from its
  // name), credentials marked "secret" so they stay behind when a target is
  // on another origin.
  int with_target = 0;
  for (const auto& plugin : Scan().plugins) {
    EXPECT_EQ(conformance::SchemaProblem(*plugin), "") << plugin->name;
    const json schema = json::parse(plugin->config_schema);
    if (!config::TargetUrlKeys(schema).empty()) ++with_target;
  }
  // http, embeddings, aidb, hybrid_coordinator, qdrant, llama_cpp at least.
  EXPECT_GE(with_target, 6);
}

using conformance::NamesAKey;

TEST(NamesAKeyTest, AcceptsPathsAndRefusesProse) {
  EXPECT_TRUE(NamesAKey("base_url: expected a URL"));
  EXPECT_TRUE(NamesAKey("a.b[2].c: expected an integer"));
  EXPECT_FALSE(NamesAKey("something went wrong: badly"));
  EXPECT_FALSE(NamesAKey("key:"));
  EXPECT_FALSE(NamesAKey(": nothing"));
}

TEST_F(PluginConformanceTest, DefaultConfigCreatesOrNamesTheKey) {
  for (const auto& plugin : Scan().plugins) {
    SCOPED_TRACE(plugin->name);
    if (plugin->kind == PluginKind::kAction) continue;
    std::string error;
    const json config = FilledConfig(*plugin, json::object(), error);
    if (!error.empty()) {
      // Only required keys may be missing from the defaults.
      EXPECT_NE(error.find("missing required key"), std::string::npos) << error;
      continue;
    }
    std::string create_error;
    auto object = loader::CreateInstance(*plugin, config.dump(), create_error);
    if (object == nullptr) {
      EXPECT_TRUE(NamesAKey(create_error)) << create_error;
    }
  }
}

TEST_F(PluginConformanceTest, ProbesRunAgainstNothingWithCleanMetrics) {
  const int port = ClosedLoopbackPort();
  model::StoreSnapshot snapshot;
  int probes = 0;
  for (const auto& plugin : Scan().plugins) {
    SCOPED_TRACE(plugin->name);
    if (plugin->kind != PluginKind::kProbe) continue;
    const json config = ConfigAgainstNothing(*plugin, port);
    std::string create_error;
    auto object = loader::CreateInstance(*plugin, config.dump(), create_error);
    ASSERT_NE(object, nullptr) << create_error << " for " << config.dump();
    auto* probe = dynamic_cast<Probe*>(object.get());
    ASSERT_NE(probe, nullptr);

    auto outcome =
        conformance::RunProbeOnce(*plugin, *probe, std::chrono::seconds(3));
    EXPECT_EQ(outcome.exception, "");
    EXPECT_EQ(outcome.dropped_samples, 0U) << outcome.lint_problem;

    model::ProbeStatus status;
    status.record.probe = plugin->name;
    status.record.plugin = plugin->name;
    status.record.has_run = true;
    status.record.result = std::move(outcome.result);
    status.record.runs = 1;
    status.interval_seconds = 15;
    status.timeout_seconds = 3;
    snapshot.probes.push_back(std::move(status));
    ++probes;
  }
  ASSERT_GT(probes, 0);

  const std::string exposition = expose::RenderMetrics(
      snapshot, model::ExporterInfo{}, expose::ProcessStats{}, {},
      expose::Format::kText004);
  const auto promtool = expose::testing::CheckMetrics(exposition);
  ASSERT_TRUE(promtool.found) << promtool.error;
  EXPECT_EQ(promtool.exit_code, 0) << promtool.output;
  EXPECT_EQ(promtool.output, "") << exposition;
}

TEST_F(PluginConformanceTest, CredentialsInAUrlNeverShowInAResult) {
  // A password in a URL's userinfo or query (config, /probe?target=) must
  // not reach the status page, `check --json`, logs or labels: every plugin
  // shows URLs through plugin_common::RedactUrl.
  const int port = ClosedLoopbackPort();
  int with_url = 0;
  for (const auto& plugin : Scan().plugins) {
    SCOPED_TRACE(plugin->name);
    if (plugin->kind != PluginKind::kProbe) continue;
    const json config =
        ConfigAgainstNothing(*plugin, port, "probe-user:userinfo-s3cret@");
    if (config.dump().find("userinfo-s3cret") == std::string::npos) continue;
    ++with_url;
    std::string create_error;
    auto object = loader::CreateInstance(*plugin, config.dump(), create_error);
    ASSERT_NE(object, nullptr) << create_error;
    testing::FakeProbeContext fake(plugin->name, std::chrono::seconds(3));
    const ProbeResult result =
        dynamic_cast<Probe*>(object.get())->Run(fake.context());
    std::string shown = result.message + "\n" + result.details_json;
    for (const auto& sample : result.samples) {
      for (const auto& [name, value] : sample.labels) shown += value + "\n";
    }
    EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  }
  // http, embeddings, aidb, hybrid_coordinator, qdrant, llama_cpp at least.
  EXPECT_GE(with_url, 6);
}

}  // namespace
}  // namespace stackprobe
