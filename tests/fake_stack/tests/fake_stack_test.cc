// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/fake_stack.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace stackprobe::fake_stack {
namespace {

struct Got {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string headers;
};

std::size_t Append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

Got Fetch(const std::string& url, const std::string& post_body = "",
          long timeout_ms = 5000) {
  Got got;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &got.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &got.headers);
  if (!post_body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body.c_str());
  }
  got.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &got.status);
  curl_easy_cleanup(curl);
  return got;
}

class FakeStackTest : public ::testing::Test {
 protected:
  FakeStackTest() : stack_(Options()) {}
  static FakeStackOptions Options() {
    FakeStackOptions options;
    options.slow_delay = std::chrono::milliseconds(300);
    return options;
  }
  std::string Url(Service service, const std::string& path) {
    return stack_.endpoints().Of(service) + path;
  }
  FakeStack stack_;
};

TEST_F(FakeStackTest, HealthyServicesServeTheRecordedBodies) {
  Got embeddings = Fetch(Url(Service::kEmbeddings, "/health"));
  EXPECT_EQ(embeddings.status, 200);
  EXPECT_EQ(
      embeddings.body,
      R"({"model":"sentence-transformers/all-MiniLM-L6-v2","ready":true,"status":"ok"})");
  Got qdrant = Fetch(Url(Service::kQdrant, "/healthz"));
  EXPECT_EQ(qdrant.body, "healthz check passed");
  Got hybrid = Fetch(Url(Service::kHybrid, "/health"));
  EXPECT_NE(hybrid.body.find("\"status\": \"healthy\""), std::string::npos);
  Got llama = Fetch(Url(Service::kLlama, "/v1/models"));
  EXPECT_NE(llama.body.find("qwen2.5-coder-7b"), std::string::npos);
  Got aidb = Fetch(Url(Service::kAidb, "/health?ts=1"));
  EXPECT_NE(aidb.body.find("\"database\":\"ok\""), std::string::npos);
  Got collection =
      Fetch(Url(Service::kQdrant, "/collections/codebase-context"));
  EXPECT_NE(collection.body.find("\"points_count\":1520"), std::string::npos);
}

TEST_F(FakeStackTest, EmbedAnswersOneVectorPerInput) {
  Got got = Fetch(Url(Service::kEmbeddings, "/embed"),
                  R"({"inputs":["a","b \"quoted\""]})");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body.front(), '[');
  std::size_t vectors = 0;
  for (char c : got.body) vectors += c == '[' ? 1 : 0;
  EXPECT_EQ(vectors, 3u);  // the outer list and two vectors
}

TEST_F(FakeStackTest, DownRefusesAndComesBackOnTheSamePort) {
  std::string before = stack_.endpoints().embeddings;
  stack_.Set(Service::kEmbeddings, Scenario::kDown);
  EXPECT_EQ(Fetch(Url(Service::kEmbeddings, "/health")).code,
            CURLE_COULDNT_CONNECT);
  stack_.Set(Service::kEmbeddings, Scenario::kHealthy);
  EXPECT_EQ(stack_.endpoints().embeddings, before);
  EXPECT_EQ(Fetch(Url(Service::kEmbeddings, "/health")).status, 200);
}

TEST_F(FakeStackTest, LoadingAndErrorAnswer503) {
  stack_.Set(Service::kEmbeddings, Scenario::kLoading);
  Got got = Fetch(Url(Service::kEmbeddings, "/health"));
  EXPECT_EQ(got.status, 503);
  EXPECT_NE(got.body.find("\"status\":\"loading\""), std::string::npos);
  stack_.Set(Service::kLlama, Scenario::kLoading);
  EXPECT_EQ(Fetch(Url(Service::kLlama, "/health")).status, 503);
  // llama.cpp lists the model it loads while /health is 503.
  Got models = Fetch(Url(Service::kLlama, "/v1/models"));
  EXPECT_EQ(models.status, 200);
  EXPECT_NE(models.body.find("qwen2.5-coder-7b"), std::string::npos);
}

TEST_F(FakeStackTest, QdrantScenarios) {
  stack_.Set(Service::kQdrant, Scenario::kDim768);
  EXPECT_NE(Fetch(Url(Service::kQdrant, "/collections/best-practices"))
                .body.find("\"size\":768"),
            std::string::npos);
  stack_.Set(Service::kQdrant, Scenario::kMissingCollection);
  Got missing =
      Fetch(Url(Service::kQdrant, "/collections/interaction-history"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(
      missing.body.find("Collection `interaction-history` doesn't exist!"),
      std::string::npos);
  EXPECT_EQ(Fetch(Url(Service::kQdrant, "/collections"))
                .body.find("interaction-history"),
            std::string::npos);
}

TEST_F(FakeStackTest, AidbCacheServesStaleAnswersWithoutAQuery) {
  EXPECT_NE(Fetch(Url(Service::kAidb, "/health")).headers.find("X-Cache: MISS"),
            std::string::npos);
  stack_.Set(Service::kAidb, Scenario::kError);
  Got cached = Fetch(Url(Service::kAidb, "/health"));
  EXPECT_NE(cached.headers.find("X-Cache: HIT"), std::string::npos);
  EXPECT_NE(cached.body.find("\"status\":\"ok\""), std::string::npos);
  Got fresh = Fetch(Url(Service::kAidb, "/health?ts=2"));
  EXPECT_NE(fresh.body.find("\"status\":\"error\""), std::string::npos);
  EXPECT_EQ(Fetch(Url(Service::kAidb, "/readyz")).status, 503);
}

TEST_F(FakeStackTest, SlowGarbageAndTruncated) {
  stack_.Set(Service::kHybrid, Scenario::kSlow);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Fetch(Url(Service::kHybrid, "/health")).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(300));
  EXPECT_EQ(Fetch(Url(Service::kHybrid, "/health"), "", 100).code,
            CURLE_OPERATION_TIMEDOUT);

  stack_.Set(Service::kQdrant, Scenario::kGarbageHtml);
  Got html = Fetch(Url(Service::kQdrant, "/collections"));
  EXPECT_EQ(html.status, 500);
  EXPECT_NE(html.body.find("<html>"), std::string::npos);

  stack_.Set(Service::kAidb, Scenario::kTruncatedJson);
  Got cut = Fetch(Url(Service::kAidb, "/health?ts=3"));
  EXPECT_EQ(cut.status, 200);
  EXPECT_NE(cut.body.back(), '}');
}

TEST_F(FakeStackTest, UnsupportedScenarioIsRefused) {
  EXPECT_THROW(stack_.Set(Service::kHybrid, Scenario::kDim768),
               std::invalid_argument);
  EXPECT_EQ(stack_.Get(Service::kHybrid), Scenario::kHealthy);
}

TEST_F(FakeStackTest, RecordsRequests) {
  Fetch(Url(Service::kLlama, "/health"));
  auto requests = stack_.Requests(Service::kLlama);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0], "GET /health");
}

TEST(ScenarioNames, RoundTrip) {
  EXPECT_EQ(ParseScenario("ok"), Scenario::kHealthy);
  EXPECT_EQ(ParseScenario(ScenarioName(Scenario::kMissingCollection)),
            Scenario::kMissingCollection);
  EXPECT_EQ(ParseService("llama_cpp"), Service::kLlama);
  EXPECT_FALSE(ParseScenario("nope").has_value());
}

}  // namespace
}  // namespace stackprobe::fake_stack
