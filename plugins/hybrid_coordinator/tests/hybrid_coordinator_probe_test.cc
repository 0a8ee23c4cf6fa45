// SPDX-License-Identifier: Apache-2.0
#include "hybrid_coordinator_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "fake_context.h"
#include "host_config.h"
#include "hybrid_coordinator_schema.h"
#include "probe_result_helpers.h"
#include "test_http_server.h"

namespace stackprobe::plugins::hybrid_coordinator {
namespace {

using nlohmann::json;
using stackprobe::testing::CannedResponse;
using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::JsonResponse;
using stackprobe::testing::ReceivedRequest;
using stackprobe::testing::TestHttpServer;
using stackprobe::testing::TextResponse;

std::string Fixture(const std::string& name) {
  return testing::ReadFixture("hybrid_coordinator", name);
}

std::optional<double> Value(const ProbeResult& result, const std::string& name,
                            const Labels& labels = {}) {
  for (const auto& sample : result.samples) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

class HybridCoordinatorProbeTest : public ::testing::Test {
 protected:
  HybridCoordinatorProbeTest()
      : server_([this](const ReceivedRequest& request) {
          if (request.Path() == "/health") return health_;
          if (request.Path() == "/stats") return stats_;
          return TextResponse(404, "404: Not Found");
        }) {}

  ProbeResult Run(json config = json::object(),
                  std::chrono::milliseconds timeout =
                      stackprobe::testing::kDefaultFakeTimeout) {
    if (!config.contains("base_url")) config["base_url"] = server_.BaseUrl();
    HybridCoordinatorProbe probe(
        testing::HostConfig(kHybridCoordinatorConfigSchema, config.dump()));
    FakeProbeContext fake("hybrid", timeout);
    return probe.Run(fake.context());
  }

  CannedResponse health_ = JsonResponse(200, Fixture("health.json"));
  CannedResponse stats_ = JsonResponse(200, Fixture("stats.json"));
  TestHttpServer server_;
};

TEST_F(HybridCoordinatorProbeTest, HealthyIsUpWithStatsAndCollections) {
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(Value(result, "queries_total"), 42);
  EXPECT_EQ(Value(result, "context_hits_total"), 30);
  EXPECT_EQ(Value(result, "context_hit_ratio"), 0.714);
  // 2026-01-06T16:00:01.501122+00:00
  EXPECT_NEAR(*Value(result, "last_query_timestamp_seconds"), 1767715201.501122,
              1e-3);
  EXPECT_EQ(Value(result, "collections"), 5);
  EXPECT_EQ(
      Value(result, "collection_info", {{"collection", "best-practices"}}), 1);
  const json details = json::parse(result.details_json);
  EXPECT_EQ(details["http_status"], 200);
  EXPECT_EQ(details["upstream_status"], "healthy");
  EXPECT_EQ(details["health"], json::parse(Fixture("health.json")));
  EXPECT_EQ(details["stats"]["total_queries"], 42);
  EXPECT_EQ(details["collections"].size(), 5U);
}

TEST_F(HybridCoordinatorProbeTest, HealthKeepsTheCoordinatorsKeyOrder) {
  // {"status", "service", "collections"}: not alphabetical.
  const auto details =
      nlohmann::ordered_json::parse(Run().details_json)["health"];
  EXPECT_EQ(details.dump(),
            nlohmann::ordered_json::parse(Fixture("health.json")).dump());
  ASSERT_EQ(details.size(), 3u);
  EXPECT_EQ(details.begin().key(), "status");
  EXPECT_EQ(std::next(details.begin()).key(), "service");
}

TEST_F(HybridCoordinatorProbeTest, RefusedWhenNothingListens) {
  std::string url;
  {
    TestHttpServer closed(
        [](const ReceivedRequest&) { return TextResponse(200, ""); });
    url = closed.BaseUrl();
  }
  const ProbeResult result = Run({{"base_url", url}});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused);
  const json details = json::parse(result.details_json);
  EXPECT_EQ(details["health"], json::object());
  EXPECT_TRUE(details["stats"].is_null());
}

TEST_F(HybridCoordinatorProbeTest, SlowBeyondTheDeadlineIsTimeout) {
  health_.hang = true;
  const ProbeResult result =
      Run(json::object(), std::chrono::milliseconds(300));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout);
}

TEST_F(HybridCoordinatorProbeTest, Http500WithHtmlIsHttpStatus) {
  health_ =
      TextResponse(500, "<html><body>500 Internal Server Error</body></html>");
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
}

TEST_F(HybridCoordinatorProbeTest, TruncatedJson) {
  health_ = JsonResponse(200, Fixture("health.json").substr(0, 50));
  EXPECT_EQ(Run().reason, reason::kBadBody);
  // A truncated /stats only loses the statistics.
  health_ = JsonResponse(200, Fixture("health.json"));
  stats_ = JsonResponse(200, Fixture("stats.json").substr(0, 60));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_FALSE(Value(result, "queries_total"));
  EXPECT_TRUE(json::parse(result.details_json)["stats"].is_null());
}

TEST_F(HybridCoordinatorProbeTest, NotHealthyStatusIsDegraded) {
  health_ = JsonResponse(200, R"({"status": "starting", "collections": []})");
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_EQ(Value(result, "collections"), 0);
}

TEST_F(HybridCoordinatorProbeTest, CollectionsAreBounded) {
  json many = {{"status", "healthy"}, {"collections", json::array()}};
  for (int i = 0; i < 100; ++i)
    many["collections"].push_back("c" + std::to_string(i));
  health_ = JsonResponse(200, many.dump());
  const ProbeResult result = Run({{"stats_check", false}});
  EXPECT_EQ(Value(result, "collections"), 100);
  std::size_t infos = 0;
  for (const auto& sample : result.samples)
    infos += sample.name == "collection_info";
  EXPECT_EQ(infos, kMaxCollections);
  EXPECT_EQ(server_.Requests().size(), 1U);  // No /stats when disabled.
}

}  // namespace
}  // namespace stackprobe::plugins::hybrid_coordinator
