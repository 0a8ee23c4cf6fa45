// SPDX-License-Identifier: Apache-2.0
#include "qdrant_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "collection_parse.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "qdrant_schema.h"
#include "stackprobe/fake_stack/fake_stack.h"
#include "test_http_server.h"

namespace stackprobe::qdrant {
namespace {

using fake_stack::FakeStack;
using fake_stack::FakeStackOptions;
using fake_stack::Scenario;
using fake_stack::Service;
using nlohmann::json;
using testing::CannedResponse;
using testing::FakeProbeContext;
using testing::HostConfig;
using testing::JsonResponse;
using testing::ReceivedRequest;
using testing::SampleValue;
using testing::TestHttpServer;
using testing::TextResponse;

std::string Fixture(const std::string& name) {
  return testing::ReadFixture("qdrant", name);
}

Labels Of(const std::string& collection) {
  return {{"collection", collection}};
}

// Runs one probe; `embeddings_dimension` > 0 scripts the embeddings probe's
// latest result with that details.dimension.
ProbeResult RunOnce(
    const json& config, int embeddings_dimension = 0,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  QdrantProbe probe(HostConfig(kQdrantSchema, config.dump()));
  FakeProbeContext fake("qdrant", timeout);
  if (embeddings_dimension > 0) {
    ProbeRecord record;
    record.plugin = "embeddings";
    record.has_run = true;
    record.result.state = State::kUp;
    record.result.details_json =
        json{{"dimension", embeddings_dimension}}.dump();
    fake.SetLatestResult("embeddings", record);
  }
  return probe.Run(fake.context());
}

class QdrantFakeStackTest : public ::testing::Test {
 protected:
  QdrantFakeStackTest() : stack_(Options()) {}
  static FakeStackOptions Options() {
    FakeStackOptions options;
    options.slow_delay = std::chrono::milliseconds(1500);
    return options;
  }
  json Config() const { return {{"base_url", stack_.endpoints().qdrant}}; }
  FakeStack stack_;
};

TEST_F(QdrantFakeStackTest, HealthyStackIsUpWithDocumentedCounts) {
  json config = Config();
  config["expected_dimension"] = 384;
  ProbeResult result = RunOnce(config);
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(SampleValue(result, "collections"), 5.0);
  EXPECT_EQ(SampleValue(result, "points"), 1554.0);
  EXPECT_EQ(SampleValue(result, "collection_points", Of("codebase-context")),
            1520.0);
  EXPECT_EQ(SampleValue(result, "collection_points", Of("error-solutions")),
            14.0);
  EXPECT_EQ(SampleValue(result, "collection_vector_size", Of("best-practices")),
            384.0);
  EXPECT_EQ(SampleValue(result, "dimension_mismatch", Of("best-practices")),
            0.0);
  EXPECT_EQ(SampleValue(result, "collection_present", Of("skills-patterns")),
            1.0);
  EXPECT_EQ(
      SampleValue(result, "collection_status",
                  {{"collection", "codebase-context"}, {"status", "green"}}),
      1.0);
  EXPECT_EQ(
      SampleValue(result, "collection_info",
                  {{"collection", "codebase-context"}, {"distance", "Cosine"}}),
      1.0);
  json details = json::parse(result.details_json);
  EXPECT_EQ(details["url"], stack_.endpoints().qdrant);
  EXPECT_EQ(details["healthy"], true);
  EXPECT_EQ(details["missing"], json::array());
  EXPECT_EQ(details["total_points"], 1554);
  EXPECT_EQ(details["collections"].size(), 5u);
  EXPECT_EQ(details["collections"]["codebase-context"],
            (json{{"points", 1520},
                  {"indexed_vectors", 1520},
                  {"segments", 2},
                  {"status", "green"},
                  {"vector_size", 384},
                  {"distance", "Cosine"}}));
  // Each collection is fetched exactly once per run.
  std::map<std::string, int> fetched;
  for (const auto& request : stack_.Requests(Service::kQdrant)) {
    ++fetched[request];
  }
  EXPECT_EQ(fetched.size(), 7u);
  for (const auto& [request, count] : fetched) {
    EXPECT_EQ(count, 1) << request;
  }
}

TEST_F(QdrantFakeStackTest, Detects768CollectionsAgainstThe384Model) {
  stack_.Set(Service::kQdrant, Scenario::kDim768);
  json config = Config();
  config["embeddings_probe"] = "embeddings";
  ProbeResult result = RunOnce(config, 384);
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_NE(result.message.find("codebase-context"), std::string::npos);
  EXPECT_NE(result.message.find("768"), std::string::npos);
  EXPECT_NE(result.message.find("384"), std::string::npos);
  EXPECT_EQ(SampleValue(result, "dimension_mismatch", Of("codebase-context")),
            1.0);
  EXPECT_EQ(
      SampleValue(result, "collection_vector_size", Of("codebase-context")),
      768.0);
}

TEST_F(QdrantFakeStackTest, ConfiguredDimensionWinsAndNoneSkipsTheCheck) {
  stack_.Set(Service::kQdrant, Scenario::kDim768);
  json config = Config();
  config["expected_dimension"] = 384;
  EXPECT_EQ(RunOnce(config).state, State::kDegraded);
  config["expected_dimension"] = 768;
  config["embeddings_probe"] = "embeddings";
  EXPECT_EQ(RunOnce(config, 384).state, State::kUp);
  // No dimension known (embeddings probe not run yet): nothing to compare.
  json unknown = Config();
  unknown["embeddings_probe"] = "embeddings";
  ProbeResult result = RunOnce(unknown);
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_FALSE(
      SampleValue(result, "dimension_mismatch", Of("codebase-context")));
}

TEST_F(QdrantFakeStackTest, MissingCollectionIsDegraded) {
  stack_.Set(Service::kQdrant, Scenario::kMissingCollection);
  ProbeResult result = RunOnce(Config());
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, kReasonMissingCollection);
  EXPECT_EQ(
      SampleValue(result, "collection_present", Of("interaction-history")),
      0.0);
  EXPECT_EQ(SampleValue(result, "collections"), 4.0);
  json details = json::parse(result.details_json);
  EXPECT_EQ(details["missing"], json::array({"interaction-history"}));
  EXPECT_FALSE(details["collections"].contains("interaction-history"));
}

TEST_F(QdrantFakeStackTest, TransportFailures) {
  stack_.Set(Service::kQdrant, Scenario::kDown);
  ProbeResult down = RunOnce(Config());
  EXPECT_EQ(down.state, State::kDown);
  EXPECT_EQ(down.reason, reason::kRefused);
  EXPECT_EQ(json::parse(down.details_json)["healthy"], false);
  stack_.Set(Service::kQdrant, Scenario::kSlow);
  ProbeResult slow = RunOnce(Config(), 0, std::chrono::milliseconds(300));
  EXPECT_EQ(slow.state, State::kDown);
  EXPECT_EQ(slow.reason, reason::kTimeout);
  stack_.Set(Service::kQdrant, Scenario::kGarbageHtml);
  ProbeResult html = RunOnce(Config());
  EXPECT_EQ(html.state, State::kDown);
  EXPECT_EQ(html.reason, reason::kHttpStatus);
}

TEST_F(QdrantFakeStackTest, TruncatedJsonIsDegradedBadBody) {
  stack_.Set(Service::kQdrant, Scenario::kTruncatedJson);
  ProbeResult result = RunOnce(Config());
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kBadBody);
}

// A Qdrant whose /collections answers `list`; details come from fixtures.
class ScriptedQdrant {
 public:
  explicit ScriptedQdrant(CannedResponse list)
      : server_([list](const ReceivedRequest& request) {
          std::string path = request.Path();
          if (path == "/healthz" || path == "/readyz") {
            return TextResponse(200, "healthz check passed");
          }
          if (path == "/collections") return list;
          std::string name = path.substr(std::string("/collections/").size());
          if (name.rfind("codebase-context", 0) == 0 || name == "extra%2Eone") {
            return JsonResponse(200,
                                Fixture("collection_codebase-context.json"));
          }
          std::ifstream in(std::string(STACKPROBE_FIXTURES_DIR) +
                           "/qdrant/collection_" + name + ".json");
          if (!in) return JsonResponse(404, R"({"status":{"error":"x"}})");
          std::ostringstream out;
          out << in.rdbuf();
          return JsonResponse(200, out.str());
        }) {}
  json Config() const { return {{"base_url", server_.BaseUrl()}}; }
  std::vector<ReceivedRequest> Requests() const { return server_.Requests(); }

 private:
  TestHttpServer server_;
};

TEST(QdrantScripted, ListedExtraCollectionsAreFetchedToo) {
  json list = json::parse(Fixture("collections.json"));
  list["result"]["collections"].push_back({{"name", "extra.one"}});
  ScriptedQdrant qdrant(JsonResponse(200, list.dump()));
  ProbeResult result = RunOnce(qdrant.Config());
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(SampleValue(result, "collection_points", Of("extra.one")), 1520.0);
  EXPECT_EQ(SampleValue(result, "points"), 1554.0 + 1520.0);
}

TEST(QdrantScripted, ReadyzEndpointIsUsedWhenConfigured) {
  ScriptedQdrant qdrant(JsonResponse(200, Fixture("collections.json")));
  json config = qdrant.Config();
  config["health_endpoint"] = "readyz";
  EXPECT_EQ(RunOnce(config).state, State::kUp);
  bool asked = false;
  for (const auto& request : qdrant.Requests()) {
    asked = asked || request.Path() == "/readyz";
    EXPECT_NE(request.Path(), "/healthz");
  }
  EXPECT_TRUE(asked);
}

TEST(QdrantScripted, CollectionsAreBounded) {
  json list = {{"result", {{"collections", json::array()}}}, {"status", "ok"}};
  for (int i = 0; i < 500; ++i) {
    list["result"]["collections"].push_back(
        {{"name", "codebase-context-" + std::to_string(i)}});
  }
  list["result"]["collections"].push_back({{"name", std::string(200, 'n')}});
  ScriptedQdrant qdrant(JsonResponse(200, list.dump()));
  ProbeResult result = RunOnce(qdrant.Config());
  std::set<std::string> collections;
  for (const auto& sample : result.samples) {
    auto it = sample.labels.find("collection");
    if (it != sample.labels.end()) collections.insert(it->second);
  }
  EXPECT_EQ(collections.size(), kMaxCollections);
  EXPECT_EQ(collections.count(std::string(200, 'n')), 0u);
}

TEST(QdrantScripted, HostileListBodies) {
  std::string huge = R"({"result":{"collections":[]},"pad":")" +
                     std::string(50u * 1024 * 1024, 'x') + "\"}";
  ScriptedQdrant large(JsonResponse(200, huge));
  // A deadline no loaded (or sanitized) machine reaches: the cap, not the
  // clock, must end the read.
  ProbeResult result = RunOnce(large.Config(), 0, std::chrono::seconds(60));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kBodyTooLarge);
  ScriptedQdrant utf8(JsonResponse(
      200, "{\"result\":{\"collections\":[{\"name\":\"\xff\"}]}}"));
  EXPECT_EQ(RunOnce(utf8.Config()).reason, reason::kBadBody);
  ScriptedQdrant deep(JsonResponse(200, R"({"result":{"collections":[]},"x":)" +
                                            std::string(1000, '[') +
                                            std::string(1000, ']') + "}"));
  EXPECT_EQ(RunOnce(deep.Config()).reason, reason::kBadBody);
  ScriptedQdrant html(CannedResponse{
      500, {{"Content-Type", "text/html"}}, "<html>oops</html>"});
  EXPECT_EQ(RunOnce(html.Config()).reason, reason::kHttpStatus);
}

TEST(QdrantParse, HostileCountsAreAbsentNotOverflowed) {
  // Finite but beyond any count (1e300 used to become INT64_MIN points
  // through an out-of-range conversion), or negative: absent.
  for (const char* count : {"1e300", "-1e300", "1.8e19", "-5"}) {
    const CollectionInfo info = ParseCollectionInfo(
        std::string(R"({"result":{"status":"green","points_count":)") + count +
        R"(,"segments_count":2}})");
    EXPECT_FALSE(info.points.has_value()) << count;
    EXPECT_EQ(info.segments, 2.0) << count;
  }
  // Beyond a double: not JSON a reader can hold, so the body is bad.
  EXPECT_THROW(ParseCollectionInfo(
                   R"({"result":{"status":"green","points_count":1e400}})"),
               std::exception);
  EXPECT_EQ(ParseCollectionInfo(
                R"({"result":{"status":"green","points_count":1520}})")
                .points,
            1520.0);
}

TEST(QdrantParse, ReadsNamedVectorsAndEncodesNames) {
  CollectionInfo info = ParseCollectionInfo(
      R"({"result":{"status":"yellow","points_count":3,"indexed_vectors_count":null,)"
      R"("config":{"params":{"vectors":{"text":{"size":768,"distance":"Dot"}}}}}})");
  EXPECT_EQ(info.status, "yellow");
  EXPECT_EQ(info.points, 3.0);
  EXPECT_FALSE(info.indexed_vectors.has_value());
  EXPECT_EQ(info.vector_size, 768);
  EXPECT_EQ(info.distance, "Dot");
  EXPECT_EQ(DistanceLabel("Jaccard"), "other");
  EXPECT_EQ(EncodePathSegment("a b/../c"), "a%20b%2F%2E%2E%2Fc");
  EXPECT_THROW(ParseCollectionInfo(R"({"status":{"error":"x"}})"),
               std::exception);
}

TEST(QdrantConfig, TheSchemaRejectsWhatTheProbeCannotUse) {
  EXPECT_THROW(HostConfig(kQdrantSchema, R"({"base_url":"qdrant:6333"})"),
               testing::SchemaViolation);
  EXPECT_THROW(
      HostConfig(kQdrantSchema, R"({"expected_collections":["a","a"]})"),
      testing::SchemaViolation);
  EXPECT_THROW(HostConfig(kQdrantSchema, R"({"health_endpoint":"livez"})"),
               testing::SchemaViolation);
}

TEST(QdrantConfig, DuplicateCollectionsAreNamedByTheirPath) {
  try {
    HostConfig(kQdrantSchema, R"({"expected_collections":["a","b","a"]})");
    FAIL() << "a duplicate collection was accepted";
  } catch (const testing::SchemaViolation& e) {
    EXPECT_NE(std::string(e.what()).find("expected_collections[2]"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace stackprobe::qdrant
