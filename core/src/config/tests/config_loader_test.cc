// SPDX-License-Identifier: Apache-2.0
#include "config/config_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_error.h"

namespace stackprobe::config {
namespace {

struct BadConfig {
  const char* rule;
  const char* text;
  const char* message;  // The whole ConfigError line.
};

std::string ErrorOf(const std::string& text) {
  try {
    ParseConfigText(text, "stackprobe.yml", "/etc/stackprobe");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, FailsWithTheExactMessage) {
  EXPECT_EQ(ErrorOf(GetParam().text), GetParam().message);
}

const BadConfig kBadConfigs[] = {
    {"yaml_syntax", "probes:\n  - name: a\n    plugin: [x\n",
     "stackprobe.yml:4:1: end of sequence flow not found"},
    {"yaml_duplicate_key", "workers: 2\nworkers: 3\n",
     "stackprobe.yml:2:1: duplicate key \"workers\""},
    {"yaml_not_a_mapping", "[1, 2]\n",
     "stackprobe.yml:1:1: expected a mapping at the top level, got a "
     "sequence"},
    {"yaml_two_documents", "workers: 2\n---\nworkers: 3\n",
     "stackprobe.yml:2:1: expected one document, found another"},
    {"unknown_top_level_key", "worker: 2\n",
     "stackprobe.yml: unknown key \"worker\" (expected one of: actions, api, "
     "defaults, exposition, listen, log_level, plugin_dirs, probes, sinks, "
     "workers)"},
    {"probe_series_enum", "exposition: {probe_series: all}\n",
     "stackprobe.yml: exposition.probe_series: expected one of \"lean\", "
     "\"full\", got \"all\""},
    {"workers_range", "workers: 0\n",
     "stackprobe.yml: workers: expected an integer 1..64, got 0"},
    {"workers_quoted_is_a_string", "workers: \"4\"\n",
     "stackprobe.yml: workers: expected an integer 1..64, got \"4\""},
    {"workers_json_input", R"({"workers": 65})",
     "stackprobe.yml: workers: expected an integer 1..64, got 65"},
    {"log_level_enum", "log_level: verbose\n",
     "stackprobe.yml: log_level: expected one of \"debug\", \"info\", "
     "\"warning\", \"error\", got \"verbose\""},
    {"listen_type", "listen: 127.0.0.1:9877\n",
     "stackprobe.yml: listen: expected an array without duplicates, got "
     "\"127.0.0.1:9877\""},
    {"listen_no_port", "listen: [\"127.0.0.1\"]\n",
     "stackprobe.yml: listen[0]: expected host:port or [IPv6]:port with a "
     "port 0..65535 (0: any free port), got \"127.0.0.1\""},
    {"listen_port_range", "listen: [\"[::1]:70000\"]\n",
     "stackprobe.yml: listen[0]: expected host:port or [IPv6]:port with a "
     "port 0..65535 (0: any free port), got \"[::1]:70000\""},
    {"listen_v6_without_brackets", "listen: [\"::1:9877\"]\n",
     "stackprobe.yml: listen[0]: expected host:port or [IPv6]:port with a "
     "port 0..65535 (0: any free port), got \"::1:9877\""},
    {"plugin_dirs_empty_entry", "plugin_dirs: [\"\"]\n",
     "stackprobe.yml: plugin_dirs[0]: expected a non-empty string, got \"\""},
    {"defaults_unknown_key", "defaults: {intreval: 15s}\n",
     "stackprobe.yml: defaults: unknown key \"intreval\" (expected one of: "
     "interval, timeout)"},
    {"defaults_bad_duration", "defaults: {interval: 15 seconds}\n",
     "stackprobe.yml: defaults.interval: expected a duration such as 15s, "
     "500ms or 1m, got \"15 seconds\""},
    {"defaults_zero_interval", "defaults: {interval: 0s}\n",
     "stackprobe.yml: defaults.interval: expected at least 100ms, got "
     "\"0s\""},
    {"defaults_timeout_below_the_floor", "defaults: {timeout: 1ms}\n",
     "stackprobe.yml: defaults.timeout: expected at least 10ms, got \"1ms\""},
    {"api_flag_yes_is_a_string", "api: {actions_enabled: yes}\n",
     "stackprobe.yml: api.actions_enabled: expected a boolean, got \"yes\""},
    {"probes_not_a_list", "probes: {name: a}\n",
     "stackprobe.yml: probes: expected an array, got {\"name\":\"a\"}"},
    {"probe_missing_name", "probes:\n  - plugin: http\n",
     "stackprobe.yml: probes[0]: missing required key \"name\""},
    {"probe_missing_plugin", "probes:\n  - name: a\n",
     "stackprobe.yml: probes[0]: missing required key \"plugin\""},
    {"probe_unknown_key", "probes:\n  - {name: a, plugin: http, url: x}\n",
     "stackprobe.yml: probes[0]: unknown key \"url\" (expected one of: "
     "allow_target, config, depends_on, duration_histogram, interval, "
     "isolate, labels, name, "
     "plugin, skip_while_blocked, timeout)"},
    {"probe_name_pattern", "probes:\n  - {name: \"a b\", plugin: http}\n",
     "stackprobe.yml: probes[0].name: expected a string matching "
     "^[A-Za-z0-9_.-]{1,64}$, got \"a b\""},
    {"probe_name_plain_number", "probes:\n  - {name: 42, plugin: http}\n",
     "stackprobe.yml: probes[0].name: expected a string matching "
     "^[A-Za-z0-9_.-]{1,64}$, got 42"},
    {"probe_plugin_pattern", "probes:\n  - {name: a, plugin: Http}\n",
     "stackprobe.yml: probes[0].plugin: expected a string matching "
     "^[a-z][a-z0-9_]{0,63}$, got \"Http\""},
    {"probe_interval_garbage",
     "probes:\n  - {name: a, plugin: http, interval: fast}\n",
     "stackprobe.yml: probes[0].interval: expected a duration such as 15s, "
     "500ms or 1m, got \"fast\""},
    {"probe_interval_zero",
     "probes:\n  - {name: a, plugin: http, interval: 0}\n",
     "stackprobe.yml: probes[0].interval: expected at least 100ms, got 0"},
    {"probe_interval_below_the_floor",
     "probes:\n  - {name: a, plugin: http, interval: 1ms}\n",
     "stackprobe.yml: probes[0].interval: expected at least 100ms, got "
     "\"1ms\""},
    {"probe_interval_below_the_floor_in_seconds",
     "probes:\n  - {name: a, plugin: http, interval: 0.05}\n",
     "stackprobe.yml: probes[0].interval: expected at least 100ms, got 0.05"},
    {"probe_timeout_zero",
     "probes:\n  - {name: a, plugin: http, timeout: 0ms}\n",
     "stackprobe.yml: probes[0].timeout: expected at least 10ms, got "
     "\"0ms\""},
    {"probe_timeout_below_the_floor",
     "probes:\n  - {name: a, plugin: http, timeout: 9ms}\n",
     "stackprobe.yml: probes[0].timeout: expected at least 10ms, got "
     "\"9ms\""},
    {"probe_timeout_over_interval",
     "probes:\n  - {name: a, plugin: http}\n"
     "  - {name: b, plugin: http, timeout: 20s}\n",
     "stackprobe.yml: probes[1].timeout: expected at most the interval (15s), "
     "got \"20s\""},
    {"probe_isolate_type", "probes:\n  - {name: a, plugin: h, isolate: on}\n",
     "stackprobe.yml: probes[0].isolate: expected a boolean, got \"on\""},
    {"duration_histogram_type",
     "probes:\n  - {name: a, plugin: h, duration_histogram: yes}\n",
     "stackprobe.yml: probes[0].duration_histogram: expected a boolean or an "
     "array of 1..30 items, got \"yes\""},
    {"duration_histogram_bound_zero",
     "probes:\n  - {name: a, plugin: h, duration_histogram: [0, 1]}\n",
     "stackprobe.yml: probes[0].duration_histogram[0]: expected a number > 0, "
     "got 0"},
    {"duration_histogram_not_increasing",
     "probes:\n  - {name: a, plugin: h, duration_histogram: [0.5, 0.1]}\n",
     "stackprobe.yml: probes[0].duration_histogram[1]: expected a finite "
     "number of seconds above the bound before it, got 0.1"},
    {"duration_histogram_empty",
     "probes:\n  - {name: a, plugin: h, duration_histogram: []}\n",
     "stackprobe.yml: probes[0].duration_histogram: expected a boolean or an "
     "array of 1..30 items, got []"},
    {"probe_config_type", "probes:\n  - {name: a, plugin: h, config: [1]}\n",
     "stackprobe.yml: probes[0].config: expected an object, got [1]"},
    {"label_value_type",
     "probes:\n  - {name: a, plugin: h, labels: {tier: 1}}\n",
     "stackprobe.yml: probes[0].labels.tier: expected a string, got 1"},
    {"label_name_reserved",
     "probes:\n  - {name: a, plugin: h, labels: {probe: x}}\n",
     "stackprobe.yml: probes[0].labels.probe: expected a label name matching "
     "^[a-zA-Z_][a-zA-Z0-9_]*$, not starting with __ and not probe, state or "
     "reason, got \"probe\""},
    {"label_name_double_underscore",
     "probes:\n  - {name: a, plugin: h, labels: {__x: y}}\n",
     "stackprobe.yml: probes[0].labels.__x: expected a label name matching "
     "^[a-zA-Z_][a-zA-Z0-9_]*$, not starting with __ and not probe, state or "
     "reason, got \"__x\""},
    {"label_name_invalid",
     "probes:\n  - {name: a, plugin: h, labels: {\"my-tier\": y}}\n",
     "stackprobe.yml: probes[0].labels[\"my-tier\"]: expected a label name "
     "matching ^[a-zA-Z_][a-zA-Z0-9_]*$, not starting with __ and not probe, "
     "state or reason, got \"my-tier\""},
    {"probe_name_duplicate",
     "probes:\n  - {name: x, plugin: h}\n  - {name: qdrant, plugin: qdrant}\n"
     "  - {name: y, plugin: h}\n  - {name: qdrant, plugin: qdrant}\n",
     "stackprobe.yml: probes[3].name: expected a unique probe name, got "
     "\"qdrant\" (already used by probes[1])"},
    {"depends_on_unknown",
     "probes:\n  - {name: a, plugin: h, depends_on: [nope]}\n",
     "stackprobe.yml: probes[0].depends_on[0]: expected the name of a "
     "configured probe, got \"nope\""},
    {"depends_on_every_unknown_name",
     "probes:\n  - {name: a, plugin: h, depends_on: [nope, b]}\n"
     "  - {name: b, plugin: h, depends_on: [gone]}\n",
     "stackprobe.yml: probes[0].depends_on[0]: expected the name of a "
     "configured probe, got \"nope\"\nstackprobe.yml: "
     "probes[1].depends_on[0]: expected the name of a configured probe, got "
     "\"gone\""},
    {"depends_on_duplicate",
     "probes:\n  - {name: a, plugin: h}\n"
     "  - {name: b, plugin: h, depends_on: [a, a]}\n",
     "stackprobe.yml: probes[1].depends_on[1]: expected no duplicate, got "
     "\"a\" (also at [0])"},
    {"depends_on_self", "probes:\n  - {name: a, plugin: h, depends_on: [a]}\n",
     "stackprobe.yml: probes[0].depends_on: expected no dependency cycle, got "
     "a -> a"},
    {"depends_on_cycle",
     "probes:\n  - {name: a, plugin: h, depends_on: [b]}\n"
     "  - {name: b, plugin: h, depends_on: [a]}\n",
     "stackprobe.yml: probes[0].depends_on: expected no dependency cycle, got "
     "a -> b -> a"},
    {"depends_on_long_cycle",
     "probes:\n  - {name: root, plugin: h, depends_on: [b]}\n"
     "  - {name: b, plugin: h, depends_on: [c]}\n"
     "  - {name: c, plugin: h, depends_on: [d]}\n"
     "  - {name: d, plugin: h, depends_on: [b]}\n",
     "stackprobe.yml: probes[1].depends_on: expected no dependency cycle, got "
     "b -> c -> d -> b"},
    {"sink_unknown_key", "sinks:\n  - {name: legacy, plugin: l, path: x}\n",
     "stackprobe.yml: sinks[0]: unknown key \"path\" (expected one of: "
     "config, name, plugin)"},
    {"sink_name_duplicate",
     "sinks:\n  - {name: legacy, plugin: l}\n  - {name: legacy, plugin: m}\n",
     "stackprobe.yml: sinks[1].name: expected a unique sink name, got "
     "\"legacy\" (already used by sinks[0])"},
    {"action_name_duplicate",
     "actions:\n  - {name: start, plugin: s}\n  - {name: start, plugin: s}\n",
     "stackprobe.yml: actions[1].name: expected a unique action name, got "
     "\"start\" (already used by actions[0])"},
    {"action_missing_plugin", "actions: [{name: start}]\n",
     "stackprobe.yml: actions[0]: missing required key \"plugin\""},
};

INSTANTIATE_TEST_SUITE_P(
    Rules, BadConfigTest, ::testing::ValuesIn(kBadConfigs),
    [](const ::testing::TestParamInfo<BadConfig>& param_info) {
      return std::string(param_info.param.rule);
    });

TEST(ParseConfigTextTest, SameNameMayBeUsedByAProbeASinkAndAnAction) {
  EXPECT_NO_THROW(ParseConfigText(
      "probes: [{name: x, plugin: p}]\nsinks: [{name: x, plugin: s}]\n"
      "actions: [{name: x, plugin: a}]\n",
      "f.yml", "/"));
}

TEST(ParseConfigTextTest, DependencyOrderInTheFileDoesNotMatter) {
  const Config config = ParseConfigText(
      "probes:\n  - {name: a, plugin: h, depends_on: [b, c]}\n"
      "  - {name: b, plugin: h, depends_on: [c]}\n  - {name: c, plugin: h}\n",
      "f.yml", "/");
  ASSERT_EQ(config.probes.size(), 3U);
  EXPECT_EQ(config.probes[0].depends_on, (std::vector<std::string>{"b", "c"}));
}

TEST(ParseConfigTextTest, DefaultTimeoutIsCappedAtAShortInterval) {
  const Config config = ParseConfigText(
      "probes: [{name: a, plugin: h, interval: 2s}]\n", "f.yml", "/");
  EXPECT_EQ(config.probes[0].interval, std::chrono::seconds(2));
  EXPECT_EQ(config.probes[0].timeout, std::chrono::seconds(2));
}

TEST(ParseConfigTextTest, TheShortestIntervalAndTimeoutAreAccepted) {
  const Config config = ParseConfigText(
      "probes: [{name: a, plugin: h, interval: 100ms, timeout: 10ms}]\n",
      "f.yml", "/");
  EXPECT_EQ(config.probes[0].interval, kMinInterval);
  EXPECT_EQ(config.probes[0].timeout, kMinTimeout);
}

TEST(ParseConfigTextTest, BareNumbersAreSeconds) {
  const Config config = ParseConfigText(
      "defaults: {interval: 30, timeout: 2.5}\nprobes: [{name: a, plugin: "
      "h}]\n",
      "f.yml", "/");
  EXPECT_EQ(config.default_interval, std::chrono::seconds(30));
  EXPECT_EQ(config.probes[0].timeout, std::chrono::milliseconds(2500));
}

TEST(ParseConfigTextTest, PluginDirsAreAbsoluteFromTheConfigFolder) {
  const Config config =
      ParseConfigText("plugin_dirs: [plugins, ../shared/, /opt/sp/plugins]\n",
                      "f.yml", "/etc/stackprobe");
  EXPECT_EQ(config.plugin_dirs,
            (std::vector<std::string>{"/etc/stackprobe/plugins", "/etc/shared",
                                      "/opt/sp/plugins"}));
}

TEST(ParseConfigTextTest, PluginDirsExpandATildeFromHome) {
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  ASSERT_FALSE(home.empty());
  const Config config = ParseConfigText(
      "plugin_dirs: [\"~/.local/lib/stackprobe/plugins\"]\n", "f.yml", "/etc");
  EXPECT_EQ(
      config.plugin_dirs,
      (std::vector<std::string>{home + "/.local/lib/stackprobe/plugins"}));
}

TEST(ParseConfigTextTest, PluginConfigIsKeptAsWritten) {
  const Config config = ParseConfigText(
      "probes:\n  - name: a\n    plugin: h\n    config:\n      url: "
      "http://127.0.0.1:6333\n      codes: [200, \"2xx\"]\n      extra: {k: "
      "on}\n",
      "f.yml", "/");
  EXPECT_EQ(config.probes[0].config,
            nlohmann::json::parse(R"({"url": "http://127.0.0.1:6333",
                                      "codes": [200, "2xx"],
                                      "extra": {"k": "on"}})"));
  EXPECT_EQ(config.probes[0].json_path, "probes[0]");
}

class LoadConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stackprobe-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(LoadConfigFileTest, ReadsTheFileAndResolvesPluginDirs) {
  const auto path = dir_ / "stackprobe.yml";
  std::ofstream(path) << "plugin_dirs: [extra]\nworkers: 2\n";
  const Config config = LoadConfigFile(path.string());
  EXPECT_EQ(config.file, path.string());
  EXPECT_EQ(config.workers, 2);
  EXPECT_EQ(config.plugin_dirs,
            (std::vector<std::string>{(dir_ / "extra").string()}));
}

TEST_F(LoadConfigFileTest, ErrorsNameTheFileAsGiven) {
  const auto path = dir_ / "bad.yml";
  std::ofstream(path) << "workers: many\n";
  try {
    LoadConfigFile(path.string());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        path.string() + ": workers: expected an integer 1..64, got \"many\"");
  }
}

TEST_F(LoadConfigFileTest, UnreadableFileIsAConfigError) {
  const std::string missing = (dir_ / "missing.yml").string();
  try {
    LoadConfigFile(missing);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              missing + ": cannot read: No such file or directory");
  }
  try {
    LoadConfigFile(dir_.string());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir_.string() + ": expected a regular file, got a directory");
  }
}

// `stackprobe --config FIFO serve` used to wait for a writer for ever, deaf
// to SIGTERM; the test's TIMEOUT turns such a wait into a failure.
TEST_F(LoadConfigFileTest, AFifoIsRefusedAtOnce) {
  const std::string fifo = (dir_ / "stackprobe.yml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    LoadConfigFile(fifo);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              fifo + ": expected a regular file, got a FIFO");
  }
}

}  // namespace
}  // namespace stackprobe::config
