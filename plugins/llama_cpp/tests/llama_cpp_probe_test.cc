// SPDX-License-Identifier: Apache-2.0
#include "llama_cpp_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "fake_context.h"
#include "host_config.h"
#include "llama_cpp_schema.h"
#include "probe_result_helpers.h"
#include "test_http_server.h"

namespace stackprobe::plugins::llama_cpp {
namespace {

using nlohmann::json;
using stackprobe::testing::CannedResponse;
using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::JsonResponse;
using stackprobe::testing::ReceivedRequest;
using stackprobe::testing::TestHttpServer;
using stackprobe::testing::TextResponse;

std::string Fixture(const std::string& name) {
  return testing::ReadFixture("llama_cpp", name);
}

const Sample* Find(const ProbeResult& result, const std::string& name) {
  for (const auto& sample : result.samples) {
    if (sample.name == name) return &sample;
  }
  return nullptr;
}

// A fake llama.cpp: /health, /v1/models and /metrics answers set per test.
class LlamaCppProbeTest : public ::testing::Test {
 protected:
  LlamaCppProbeTest()
      : server_([this](const ReceivedRequest& request) {
          if (request.Path() == "/health") return health_;
          if (request.Path() == "/v1/models") return models_;
          if (request.Path() == "/metrics") return metrics_;
          return TextResponse(404, "File Not Found");
        }) {}

  ProbeResult Run(json config = json::object(),
                  std::chrono::milliseconds timeout =
                      stackprobe::testing::kDefaultFakeTimeout) {
    if (!config.contains("base_url")) config["base_url"] = server_.BaseUrl();
    LlamaCppProbe probe(
        testing::HostConfig(kLlamaCppConfigSchema, config.dump()));
    FakeProbeContext fake("llama", timeout);
    return probe.Run(fake.context());
  }

  CannedResponse health_ = JsonResponse(200, Fixture("health_ok.json"));
  CannedResponse models_ = JsonResponse(200, Fixture("models.json"));
  CannedResponse metrics_ = TextResponse(200, Fixture("metrics.txt"));
  TestHttpServer server_;
};

TEST_F(LlamaCppProbeTest, HealthyServerIsUpWithModel) {
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.reason, reason::kNone);
  const Sample* info = Find(result, "model_info");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->type, SampleType::kInfo);
  EXPECT_EQ(info->labels.at("model"),
            "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
  const json details = json::parse(result.details_json);
  EXPECT_EQ(details["http_status"], 200);
  EXPECT_EQ(details["upstream_status"], "ok");
  EXPECT_EQ(details["model"], "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
  EXPECT_EQ(details["loading"], false);
  EXPECT_EQ(details["url"], server_.BaseUrl());
  EXPECT_EQ(Find(result, "relay_llamacpp_prompt_tokens_total"), nullptr);
}

TEST_F(LlamaCppProbeTest, LoadingModelIsStartingWithTheModelItLoads) {
  // llama.cpp answers /v1/models while /health is 503 "Loading model".
  health_ = JsonResponse(503, Fixture("health_loading.json"));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kStarting);
  EXPECT_EQ(result.reason, reason::kNone);
  const json details = json::parse(result.details_json);
  EXPECT_EQ(details["loading"], true);
  EXPECT_EQ(details["http_status"], 503);
  EXPECT_TRUE(details["upstream_status"].is_null());
  EXPECT_EQ(details["model"], "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
  const Sample* info = Find(result, "model_info");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->labels.at("model"),
            "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
}

TEST_F(LlamaCppProbeTest, LoadingWithoutModelsAnswerHasNoModel) {
  health_ = JsonResponse(503, Fixture("health_loading.json"));
  models_ = JsonResponse(503, Fixture("health_loading.json"));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kStarting);
  EXPECT_TRUE(json::parse(result.details_json)["model"].is_null());
  EXPECT_EQ(Find(result, "model_info"), nullptr);
}

TEST_F(LlamaCppProbeTest, ModelsAreAskedEvenWithoutModelsCheck) {
  // models_check only decides whether a missing model degrades the state.
  const ProbeResult result = Run({{"models_check", false}});
  EXPECT_EQ(result.state, State::kUp);
  EXPECT_EQ(json::parse(result.details_json)["model"],
            "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf");
  models_ = TextResponse(404, "File Not Found");
  EXPECT_EQ(Run({{"models_check", false}}).state, State::kUp);
  EXPECT_EQ(Run().state, State::kDegraded);
}

TEST_F(LlamaCppProbeTest, RefusedWhenNothingListens) {
  std::string url;
  {
    TestHttpServer closed(
        [](const ReceivedRequest&) { return TextResponse(200, ""); });
    url = closed.BaseUrl();
  }
  const ProbeResult result = Run({{"base_url", url}});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused) << result.message;
}

TEST_F(LlamaCppProbeTest, SlowBeyondTheDeadlineIsTimeout) {
  health_.hang = true;
  const ProbeResult result =
      Run(json::object(), std::chrono::milliseconds(300));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout) << result.message;
}

TEST_F(LlamaCppProbeTest, Http500WithHtmlIsHttpStatus) {
  health_ =
      TextResponse(500, "<html><h1>500 Internal Server Error</h1></html>");
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
  EXPECT_EQ(json::parse(result.details_json)["http_status"], 500);
}

TEST_F(LlamaCppProbeTest, TruncatedJsonIsBadBody) {
  health_ = JsonResponse(200, R"({"status":"o)");
  EXPECT_EQ(Run().reason, reason::kBadBody);
  // A truncated /v1/models only loses the model.
  health_ = JsonResponse(200, Fixture("health_ok.json"));
  models_ = JsonResponse(200, Fixture("models.json").substr(0, 40));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_EQ(Find(result, "model_info"), nullptr);
  EXPECT_EQ(Run({{"models_check", false}}).state, State::kUp);
}

TEST_F(LlamaCppProbeTest, ModelIdWithQuotesStaysIntact) {
  models_ = JsonResponse(200, Fixture("models_quoted_id.json"));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kUp);
  const std::string id = R"(/models/say "hi" \ model.gguf)";
  EXPECT_EQ(Find(result, "model_info")->labels.at("model"), id);
  EXPECT_EQ(json::parse(result.details_json)["model"], id);
}

TEST_F(LlamaCppProbeTest, LongModelIdIsCapped) {
  models_ = JsonResponse(
      200, json({{"data", {{{"id", std::string(1000, 'm')}}}}}).dump());
  const ProbeResult result = Run();
  EXPECT_LE(Find(result, "model_info")->labels.at("model").size(),
            kMaxModelIdBytes);
}

TEST_F(LlamaCppProbeTest, RelaysOnlyAllowListedFamilies) {
  const ProbeResult result =
      Run({{"relay_metrics",
            {"llamacpp:prompt_tokens_total", "llamacpp:requests_processing"}}});
  const Sample* prompt = Find(result, "relay_llamacpp_prompt_tokens_total");
  ASSERT_NE(prompt, nullptr);
  EXPECT_EQ(prompt->type, SampleType::kCounter);
  EXPECT_EQ(prompt->value, 1234);
  const Sample* processing = Find(result, "relay_llamacpp_requests_processing");
  ASSERT_NE(processing, nullptr);
  EXPECT_EQ(processing->type, SampleType::kGauge);
  EXPECT_EQ(Find(result, "relay_llamacpp_tokens_predicted_total"), nullptr);
}

TEST(RelayMetricsTest, BoundedAndTolerant) {
  std::string text = "garbage\n{bad} 1\nx\n";
  std::set<std::string> allowed;
  for (int i = 0; i < 80; ++i) {
    const std::string name = "m" + std::to_string(i);
    allowed.insert(name);
    text += name + " " + std::to_string(i) + "\n";
  }
  text += "m1{a=\"b\"} 3\nm2 notanumber\n";
  ProbeResult result;
  RelayMetrics(text, allowed, result);
  EXPECT_EQ(result.samples.size(), kMaxRelayedSamples);
}

TEST(LlamaCppConfigTest, TheSchemaRejectsBadConfig) {
  using testing::HostConfig;
  EXPECT_THROW(HostConfig(kLlamaCppConfigSchema, R"({"base_url": "ftp://x"})"),
               testing::SchemaViolation);
  EXPECT_THROW(HostConfig(kLlamaCppConfigSchema, R"({"relay_metrics": [1]})"),
               testing::SchemaViolation);
  EXPECT_NO_THROW(LlamaCppProbe(HostConfig(kLlamaCppConfigSchema)));
}

}  // namespace
}  // namespace stackprobe::plugins::llama_cpp
