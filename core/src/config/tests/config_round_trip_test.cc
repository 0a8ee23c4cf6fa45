// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "config/config.h"
#include "config/config_loader.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

constexpr const char* kGoodConfig = R"yaml(
# A config that sets only part of what there is.
listen: ["127.0.0.1:9877", "[::1]:9877"]
workers: 2
defaults: {interval: 1m}
exposition: {probe_series: full}
probes:
  - name: qdrant
    plugin: qdrant
    interval: 30s
    depends_on: [embeddings]
    skip_while_blocked: true
    allow_target: true
    labels: {tier: core}
    duration_histogram: [0.1, 0.5]
    config: {url: "http://127.0.0.1:6333"}
  - name: embeddings
    plugin: http
    timeout: 1500ms
    isolate: true
sinks:
  - {name: legacy, plugin: legacy_ai_metrics}
actions:
  - {name: start, plugin: starter, config: {order: [a, b]}}
)yaml";

TEST(ConfigRoundTripTest, EveryDefaultIsWrittenOut) {
  const Config config = ParseConfigText(kGoodConfig, "good.yml", "/");
  const json expected = json::parse(R"({
    "listen": ["127.0.0.1:9877", "[::1]:9877"],
    "plugin_dirs": [],
    "workers": 2,
    "log_level": "info",
    "defaults": {"interval": "1m", "timeout": "5s"},
    "api": {"actions_enabled": false, "allowed_hosts": []},
    "exposition": {"probe_series": "full"},
    "probes": [
      {"name": "qdrant", "plugin": "qdrant", "interval": "30s",
       "timeout": "5s", "depends_on": ["embeddings"],
       "skip_while_blocked": true, "allow_target": true,
       "labels": {"tier": "core"}, "isolate": false,
       "duration_histogram": [0.1, 0.5],
       "config": {"url": "http://127.0.0.1:6333"}},
      {"name": "embeddings", "plugin": "http", "interval": "1m",
       "timeout": "1s500ms", "depends_on": [], "skip_while_blocked": false,
       "allow_target": false, "labels": {},
       "isolate": true, "duration_histogram": false, "config": {}}
    ],
    "sinks": [{"name": "legacy", "plugin": "legacy_ai_metrics",
               "config": {}}],
    "actions": [{"name": "start", "plugin": "starter",
                 "config": {"order": ["a", "b"]}}]
  })");
  EXPECT_EQ(ToJson(config), expected);
  EXPECT_EQ(config.probes[1].json_path, "probes[1]");
  EXPECT_EQ(config.sinks[0].json_path, "sinks[0]");
}

TEST(ConfigRoundTripTest, ToJsonParsesBackToTheSameConfig) {
  const json first = ToJson(ParseConfigText(kGoodConfig, "good.yml", "/"));
  const json second = ToJson(ParseConfigText(first.dump(), "good.json", "/"));
  EXPECT_EQ(second, first);
}

TEST(ConfigRoundTripTest, DurationHistogramTrueGivesTheDefaultBuckets) {
  const Config config = ParseConfigText(
      "probes:\n  - {name: a, plugin: h, duration_histogram: true}\n"
      "  - {name: b, plugin: h}\n",
      "h.yml", "/");
  EXPECT_EQ(config.probes[0].duration_histogram, kDefaultDurationBuckets);
  EXPECT_TRUE(config.probes[1].duration_histogram.empty());
}

TEST(ConfigRoundTripTest, EmptyFileGivesTheDefaults) {
  const Config config = ParseConfigText("", "empty.yml", "/");
  EXPECT_EQ(ToJson(config), json::parse(R"({
    "listen": ["127.0.0.1:9877"], "plugin_dirs": [], "workers": 4,
    "log_level": "info", "defaults": {"interval": "15s", "timeout": "5s"},
    "api": {"actions_enabled": false, "allowed_hosts": []},
    "exposition": {"probe_series": "lean"}, "probes": [],
    "sinks": [],
    "actions": []})"));
}

}  // namespace
}  // namespace stackprobe::config
