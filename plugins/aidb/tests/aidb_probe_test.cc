// SPDX-License-Identifier: Apache-2.0
#include "aidb_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aidb_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "stackprobe/fake_stack/fake_stack.h"
#include "test_http_server.h"

namespace stackprobe::aidb {
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
  return testing::ReadFixture("aidb", name);
}

std::optional<double> Check(const ProbeResult& result, const std::string& check,
                            const std::string& state) {
  return SampleValue(result, "check_state",
                     {{"check", check}, {"state", state}});
}

std::optional<double> Breaker(const ProbeResult& result,
                              const std::string& breaker,
                              const std::string& state) {
  return SampleValue(result, "circuit_breaker_state",
                     {{"breaker", breaker}, {"state", state}});
}

ProbeResult RunOnce(
    const std::string& base_url,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  AidbProbe probe(HostConfig(kAidbSchema, json{{"base_url", base_url}}.dump()));
  FakeProbeContext fake("aidb", timeout);
  return probe.Run(fake.context());
}

ProbeResult RunAgainst(CannedResponse response) {
  TestHttpServer server(
      [response](const ReceivedRequest&) { return response; });
  return RunOnce(server.BaseUrl());
}

class AidbFakeStackTest : public ::testing::Test {
 protected:
  AidbFakeStackTest() : stack_(Options()) {}
  static FakeStackOptions Options() {
    FakeStackOptions options;
    options.slow_delay = std::chrono::milliseconds(1500);
    return options;
  }
  std::string Url() const { return stack_.endpoints().aidb; }
  FakeStack stack_;
};

TEST_F(AidbFakeStackTest, HealthyIsUpWithEveryCheckOk) {
  ProbeResult result = RunOnce(Url());
  EXPECT_EQ(result.state, State::kUp) << result.message;
  for (const char* check : {"database", "redis", "ml_engine", "pgvector",
                            "llama_cpp", "federation"}) {
    EXPECT_EQ(Check(result, check, "ok"), 1.0) << check;
    EXPECT_EQ(Check(result, check, "error"), 0.0) << check;
  }
  for (const char* breaker : {"embeddings", "qdrant", "llama_cpp"}) {
    EXPECT_EQ(Breaker(result, breaker, "closed"), 1.0) << breaker;
    EXPECT_EQ(Breaker(result, breaker, "open"), 0.0) << breaker;
  }
  EXPECT_EQ(SampleValue(result, "federation_servers"), 0.0);
  json details = json::parse(result.details_json);
  EXPECT_EQ(details,
            (json{{"url", Url()},
                  {"http_status", 200},
                  {"upstream_status", "ok"},
                  {"health", json::parse(Fixture("health_ok.json"))}}));
}

TEST_F(AidbFakeStackTest, EveryRunBypassesTheHealthCache) {
  EXPECT_EQ(RunOnce(Url()).state, State::kUp);
  stack_.Set(Service::kAidb, Scenario::kError);
  // The fake, like AIDB, answers a query-less /health from its cache.
  EXPECT_EQ(RunOnce(Url()).state, State::kDown);
  for (const auto& request : stack_.Requests(Service::kAidb)) {
    EXPECT_EQ(request.rfind("GET /health?ts=", 0), 0u) << request;
  }
}

TEST_F(AidbFakeStackTest, DatabaseErrorIsDownWithReasonDatabase) {
  stack_.Set(Service::kAidb, Scenario::kError);
  ProbeResult result = RunOnce(Url());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, kReasonDatabase);
  EXPECT_NE(result.message.find("Connection refused"), std::string::npos);
  EXPECT_EQ(Check(result, "database", "error"), 1.0);
  EXPECT_EQ(Check(result, "redis", "ok"), 1.0);
  EXPECT_EQ(json::parse(result.details_json)["upstream_status"], "error");
}

TEST(AidbBodies, HealthKeepsAidbsKeyOrder) {
  // The contract's body; nlohmann::json would sort its keys.
  const std::string body = Fixture("health_ok.json");
  const ProbeResult result = RunAgainst(JsonResponse(200, body));
  const auto details = nlohmann::ordered_json::parse(result.details_json);
  std::vector<std::string> keys;
  for (const auto& [key, value] : details["health"].items()) {
    keys.push_back(key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "status", "database", "redis", "ml_engine", "pgvector",
                      "llama_cpp", "federation", "circuit_breakers"}));
  EXPECT_EQ(details["health"].dump(), body);
}

TEST(AidbBodies, RedisErrorIsDownWithReasonRedis) {
  ProbeResult result =
      RunAgainst(JsonResponse(200, Fixture("health_error_redis.json")));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, kReasonRedis);
  EXPECT_EQ(Check(result, "redis", "error"), 1.0);
}

TEST_F(AidbFakeStackTest, DegradedSubChecksAreDegraded) {
  stack_.Set(Service::kAidb, Scenario::kDegraded);
  ProbeResult result = RunOnce(Url());
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_EQ(Check(result, "pgvector", "degraded"), 1.0);
  EXPECT_EQ(Check(result, "ml_engine", "degraded"), 1.0);
  EXPECT_EQ(Check(result, "database", "ok"), 1.0);
  EXPECT_EQ(SampleValue(result, "federation_servers"), 3.0);
  EXPECT_NE(result.message.find("pgvector missing"), std::string::npos);
}

TEST_F(AidbFakeStackTest, OpenBreakerIsDegraded) {
  stack_.Set(Service::kAidb, Scenario::kBreakerOpen);
  ProbeResult result = RunOnce(Url());
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(Breaker(result, "qdrant", "open"), 1.0);
  EXPECT_EQ(Breaker(result, "qdrant", "closed"), 0.0);
  EXPECT_EQ(Breaker(result, "llama_cpp", "half_open"), 1.0);
  EXPECT_EQ(Check(result, "llama_cpp", "error"), 1.0);
  EXPECT_NE(result.message.find("circuit breaker qdrant OPEN"),
            std::string::npos);
}

TEST_F(AidbFakeStackTest, TransportAndBodyFailures) {
  stack_.Set(Service::kAidb, Scenario::kDown);
  EXPECT_EQ(RunOnce(Url()).reason, reason::kRefused);
  stack_.Set(Service::kAidb, Scenario::kSlow);
  ProbeResult slow = RunOnce(Url(), std::chrono::milliseconds(300));
  EXPECT_EQ(slow.state, State::kDown);
  EXPECT_EQ(slow.reason, reason::kTimeout);
  stack_.Set(Service::kAidb, Scenario::kGarbageHtml);
  EXPECT_EQ(RunOnce(Url()).reason, reason::kHttpStatus);
  stack_.Set(Service::kAidb, Scenario::kTruncatedJson);
  ProbeResult cut = RunOnce(Url());
  EXPECT_EQ(cut.state, State::kDown);
  EXPECT_EQ(cut.reason, reason::kBadBody);
  EXPECT_EQ(json::parse(cut.details_json)["health"], json::object());
}

TEST(AidbBodies, HostileBodiesAreBounded) {
  std::string huge =
      R"({"status":"ok","pad":")" + std::string(50u * 1024 * 1024, 'x') + "\"}";
  EXPECT_EQ(RunAgainst(JsonResponse(200, std::move(huge))).reason,
            reason::kBodyTooLarge);
  EXPECT_EQ(RunAgainst(JsonResponse(200, "{\"status\":\"ok\xc3\x28\"}")).reason,
            reason::kBadBody);
  std::string deep = R"({"status":"ok","x":)" + std::string(1000, '[') +
                     std::string(1000, ']') + "}";
  EXPECT_EQ(RunAgainst(JsonResponse(200, deep)).reason, reason::kBadBody);
  EXPECT_EQ(RunAgainst(JsonResponse(200, "\"ok\"")).reason, reason::kBadBody);
}

TEST(AidbBodies, ReadyzStyle503IsHttpStatus) {
  ProbeResult result =
      RunAgainst(JsonResponse(503, Fixture("health_error_database.json")));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
}

TEST(AidbBodies, BreakersAreBounded) {
  json body = json::parse(Fixture("health_ok.json"));
  for (int i = 0; i < 40; ++i) {
    body["circuit_breakers"]["breaker" + std::to_string(i)] = "CLOSED";
  }
  body["circuit_breakers"][std::string(300, 'n')] = "OPEN";
  ProbeResult result = RunAgainst(JsonResponse(200, body.dump()));
  std::set<std::string> breakers;
  for (const auto& sample : result.samples) {
    if (sample.name == "circuit_breaker_state") {
      breakers.insert(sample.labels.at("breaker"));
    }
  }
  EXPECT_EQ(breakers.size(), 16u);
  EXPECT_EQ(result.state, State::kUp);
}

TEST(AidbGrades, ClassifiesEverySubCheckValue) {
  EXPECT_EQ(GradeCheck("llama_cpp", "ok (no model loaded)"), CheckGrade::kOk);
  EXPECT_EQ(GradeCheck("llama_cpp", "error: HTTP 503"), CheckGrade::kError);
  EXPECT_EQ(GradeCheck("llama_cpp", "unavailable: timeout"),
            CheckGrade::kError);
  EXPECT_EQ(GradeCheck("ml_engine", "disabled"), CheckGrade::kDegraded);
  EXPECT_EQ(GradeCheck("pgvector", "missing"), CheckGrade::kDegraded);
  EXPECT_EQ(GradeCheck("pgvector", "unavailable: no extension"),
            CheckGrade::kError);
  EXPECT_EQ(GradeCheck("federation", "12 servers cached"), CheckGrade::kOk);
  EXPECT_EQ(GradeCheck("federation", "unavailable: x"), CheckGrade::kError);
  EXPECT_EQ(GradeCheck("database", "missing"), CheckGrade::kError);
  EXPECT_EQ(GradeCheck("redis", "Error 111 connecting"), CheckGrade::kError);
  EXPECT_EQ(GradeCheck("redis", "ok"), CheckGrade::kOk);
}

TEST(AidbConfig, TheSchemaRejectsANonHttpUrl) {
  EXPECT_THROW(HostConfig(kAidbSchema, R"({"base_url":"127.0.0.1:8091"})"),
               testing::SchemaViolation);
  AidbProbe defaults(HostConfig(kAidbSchema));
}

}  // namespace
}  // namespace stackprobe::aidb
