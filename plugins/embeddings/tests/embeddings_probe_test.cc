// SPDX-License-Identifier: Apache-2.0
#include "embeddings_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "embeddings_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "stackprobe/fake_stack/fake_stack.h"
#include "test_http_server.h"

namespace stackprobe::embeddings {
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

std::string Fixture(const std::string& name) {
  return testing::ReadFixture("embeddings", name);
}

json Details(const ProbeResult& result) {
  return json::parse(result.details_json);
}

std::string Config(const std::string& base_url, bool semantic = false,
                   int dimension = 384) {
  return json{{"base_url", base_url},
              {"semantic_check", semantic},
              {"expected_dimension", dimension}}
      .dump();
}

ProbeResult RunOnce(
    const std::string& config,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  EmbeddingsProbe probe(HostConfig(kEmbeddingsSchema, config));
  FakeProbeContext fake("embeddings", timeout);
  return probe.Run(fake.context());
}

class EmbeddingsFakeStackTest : public ::testing::Test {
 protected:
  EmbeddingsFakeStackTest() : stack_(Options()) {}
  static FakeStackOptions Options() {
    FakeStackOptions options;
    options.slow_delay = std::chrono::milliseconds(1500);
    return options;
  }
  std::string Url() const { return stack_.endpoints().embeddings; }
  FakeStack stack_;
};

TEST_F(EmbeddingsFakeStackTest, HealthyIsUpWithModelAndReady) {
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.reason, reason::kNone);
  EXPECT_EQ(SampleValue(result, "ready"), 1.0);
  EXPECT_EQ(SampleValue(result, "model_info",
                        {{"model", "sentence-transformers/all-MiniLM-L6-v2"}}),
            1.0);
  json details = Details(result);
  EXPECT_EQ(details, (json{{"url", Url()},
                           {"http_status", 200},
                           {"upstream_status", "ok"},
                           {"model", "sentence-transformers/all-MiniLM-L6-v2"},
                           {"ready", true},
                           {"dimension", 384},
                           {"loading_seconds", 0}}));
  // Without the semantic check no inference is requested.
  for (const auto& request : stack_.Requests(Service::kEmbeddings)) {
    EXPECT_EQ(request, "GET /health");
  }
}

TEST_F(EmbeddingsFakeStackTest, LoadingIsStartingWithLoadingSeconds) {
  stack_.Set(Service::kEmbeddings, Scenario::kLoading);
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kStarting);
  EXPECT_EQ(SampleValue(result, "loading_seconds"), 12.34);
  EXPECT_EQ(SampleValue(result, "ready"), 0.0);
  json details = Details(result);
  EXPECT_EQ(details["upstream_status"], "loading");
  EXPECT_EQ(details["http_status"], 503);
  EXPECT_EQ(details["loading_seconds"], 12.34);
  EXPECT_EQ(details["ready"], false);
}

TEST_F(EmbeddingsFakeStackTest, ModelErrorIsDownWithModelError) {
  stack_.Set(Service::kEmbeddings, Scenario::kError);
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, kReasonModelError);
  EXPECT_NE(result.message.find("Model not loaded"), std::string::npos);
}

TEST_F(EmbeddingsFakeStackTest, RefusedIsDown) {
  stack_.Set(Service::kEmbeddings, Scenario::kDown);
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused);
  EXPECT_EQ(Details(result)["http_status"], 0);
}

TEST_F(EmbeddingsFakeStackTest, SlowBeyondTheDeadlineIsTimeout) {
  stack_.Set(Service::kEmbeddings, Scenario::kSlow);
  auto start = std::chrono::steady_clock::now();
  ProbeResult result = RunOnce(Config(Url()), std::chrono::milliseconds(300));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout);
}

TEST_F(EmbeddingsFakeStackTest, Http500HtmlIsHttpStatus) {
  stack_.Set(Service::kEmbeddings, Scenario::kGarbageHtml);
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
}

TEST_F(EmbeddingsFakeStackTest, TruncatedJsonIsBadBody) {
  stack_.Set(Service::kEmbeddings, Scenario::kTruncatedJson);
  ProbeResult result = RunOnce(Config(Url()));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody);
}

TEST_F(EmbeddingsFakeStackTest, SemanticCheckPassesOn384) {
  ProbeResult result = RunOnce(Config(Url(), true));
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(SampleValue(result, "embedding_dimension"), 384.0);
  ASSERT_TRUE(SampleValue(result, "embed_duration_seconds").has_value());
  EXPECT_GT(*SampleValue(result, "embed_duration_seconds"), 0.0);
  EXPECT_EQ(Details(result)["dimension"], 384);
}

TEST_F(EmbeddingsFakeStackTest, SemanticCheckAgainst768ModelIsDegraded) {
  ProbeResult result = RunOnce(Config(Url(), true, 768));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_NE(result.message.find("384"), std::string::npos);
  EXPECT_NE(result.message.find("768"), std::string::npos);
}

// A scripted service whose /health is healthy and /embed answers `embed`.
class EmbedServer {
 public:
  explicit EmbedServer(CannedResponse embed)
      : server_([embed](const ReceivedRequest& request) {
          if (request.Path() == "/embed") return embed;
          return JsonResponse(200, Fixture("health_ok.json"));
        }) {}
  std::string Url() const { return server_.BaseUrl(); }
  std::vector<ReceivedRequest> Requests() const { return server_.Requests(); }

 private:
  TestHttpServer server_;
};

TEST(EmbeddingsSemantic, PostsOneTextAsInputs) {
  EmbedServer server(JsonResponse(200, Fixture("embed_384.json")));
  ProbeResult result = RunOnce(Config(server.Url(), true));
  EXPECT_EQ(result.state, State::kUp);
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].method, "POST");
  json body = json::parse(requests[1].body);
  ASSERT_TRUE(body["inputs"].is_array());
  EXPECT_EQ(body["inputs"].size(), 1u);
}

TEST(EmbeddingsSemantic, WrongDimensionIsDegradedAssertion) {
  EmbedServer server(JsonResponse(200, Fixture("embed_768.json")));
  ProbeResult result = RunOnce(Config(server.Url(), true));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_EQ(SampleValue(result, "embedding_dimension"), 768.0);
  EXPECT_EQ(Details(result)["dimension"], 768);
}

TEST(EmbeddingsSemantic, NanIsDegradedAssertion) {
  EmbedServer server(JsonResponse(200, Fixture("embed_nan.json")));
  ProbeResult result = RunOnce(Config(server.Url(), true));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
}

TEST(EmbeddingsSemantic, OverflowingNumberIsDegradedAssertion) {
  std::string body = Fixture("embed_384.json");
  body.replace(body.find("[[") + 2, 1, "1e999, ");
  body.erase(body.rfind(", "));  // keep 384 entries
  body += "]]";
  EmbedServer server(JsonResponse(200, body));
  ProbeResult result = RunOnce(Config(server.Url(), true));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion) << result.message;
}

TEST(EmbeddingsSemantic, EmbedFailureIsDegradedNotDown) {
  EmbedServer server(JsonResponse(500, "<html>boom</html>"));
  ProbeResult result = RunOnce(Config(server.Url(), true));
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
  EmbedServer shapeless(JsonResponse(200, R"({"vectors":1})"));
  EXPECT_EQ(RunOnce(Config(shapeless.Url(), true)).reason, reason::kBadBody);
}

ProbeResult RunAgainst(CannedResponse response) {
  TestHttpServer server(
      [response](const ReceivedRequest&) { return response; });
  return RunOnce(Config(server.BaseUrl()));
}

TEST(EmbeddingsHostileBodies, OlderBuildWithoutReadyIsUp) {
  ProbeResult result =
      RunAgainst(JsonResponse(200, Fixture("health_ok_legacy.json")));
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_EQ(SampleValue(result, "ready"), 1.0);
}

TEST(EmbeddingsHostileBodies, FiftyMegabytesIsBoundedAndDown) {
  std::string huge = "{\"status\":\"ok\",\"pad\":\"" +
                     std::string(50u * 1024 * 1024, 'x') + "\"}";
  ProbeResult result = RunAgainst(JsonResponse(200, std::move(huge)));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBodyTooLarge);
}

TEST(EmbeddingsHostileBodies, InvalidUtf8IsBadBody) {
  ProbeResult result = RunAgainst(JsonResponse(
      200, "{\"model\":\"\xff\xfe\",\"status\":\"ok\",\"ready\":true}"));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody);
  EXPECT_TRUE(json::parse(result.details_json).is_object());
  for (char c : result.message) EXPECT_TRUE(c >= 0x20 && c <= 0x7e);
}

TEST(EmbeddingsHostileBodies, DeepJsonIsBadBody) {
  // Valid and healthy but for one field nested 1000 deep.
  std::string deep = R"({"status":"ok","ready":true,"x":)" +
                     std::string(1000, '[') + std::string(1000, ']') + "}";
  ProbeResult result = RunAgainst(JsonResponse(200, deep));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody);
}

TEST(EmbeddingsHostileBodies, NonObjectAndTransitTruncation) {
  EXPECT_EQ(RunAgainst(JsonResponse(200, "[1,2]")).reason, reason::kBadBody);
  CannedResponse cut = JsonResponse(200, Fixture("health_ok.json"));
  cut.truncate_by = 100;
  EXPECT_EQ(RunAgainst(cut).state, State::kDown);
}

TEST(EmbeddingsConfig, TheSchemaRejectsANonHttpUrlAndAZeroDimension) {
  EXPECT_THROW(HostConfig(kEmbeddingsSchema, R"({"base_url":"ftp://x"})"),
               testing::SchemaViolation);
  EXPECT_THROW(HostConfig(kEmbeddingsSchema, R"({"expected_dimension":0})"),
               testing::SchemaViolation);
  EmbeddingsProbe defaults(HostConfig(kEmbeddingsSchema));
}

}  // namespace
}  // namespace stackprobe::embeddings
