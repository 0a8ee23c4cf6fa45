// SPDX-License-Identifier: Apache-2.0
#include "legacy_document.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "legacy_test_data.h"
#include "schema_check.h"

namespace stackprobe::legacy {
namespace {

using Json = nlohmann::ordered_json;
using testing::FixtureJson;
using testing::HealthySnapshot;
using testing::Put;
using testing::ReadFixture;
using testing::Record;
using testing::TelemetryDetails;

// 2026-01-06T16:30:00Z.
constexpr std::time_t kNow = 1767717000;

// Pins the time zone for the duration of a test (TZ is process state).
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* zone) {
    const char* old = std::getenv("TZ");
    had_old_ = old != nullptr;
    if (had_old_) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (had_old_) {
      setenv("TZ", old_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  bool had_old_ = false;
  std::string old_;
};

nlohmann::json Schema() {
  std::ifstream in(STACKPROBE_LEGACY_SCHEMA);
  return nlohmann::json::parse(in);
}

// Compares every leaf, then the serialized form (which also checks the key
// order the old readers saw).
void ExpectSameDocument(const Json& expected, const Json& actual) {
  const Json flat_expected = expected.flatten();
  const Json flat_actual = actual.flatten();
  for (const auto& [pointer, value] : flat_expected.items()) {
    ASSERT_TRUE(flat_actual.contains(pointer)) << "missing " << pointer;
    EXPECT_EQ(value, flat_actual[pointer]) << "at " << pointer;
  }
  for (const auto& [pointer, value] : flat_actual.items()) {
    EXPECT_TRUE(flat_expected.contains(pointer)) << "unexpected " << pointer;
  }
  EXPECT_EQ(expected.dump(), actual.dump());
}

void ExpectValid(const Json& document) {
  const auto problems = testing::CheckSchema(Schema(), document);
  for (const auto& problem : problems) ADD_FAILURE() << problem;
}

Json Expected(const std::string& fixture, const std::string& timestamp) {
  Json expected = FixtureJson(fixture);
  expected["timestamp"] = timestamp;
  return expected;
}

class LegacyDocumentTest : public ::testing::Test {
 protected:
  ScopedTimeZone zone_{"XST8"};  // UTC-8 without tzdata.
  LegacyOptions options_ = testing::DefaultOptions();
  const std::string timestamp_ = "2026-01-06T08:30:00-08:00";
};

TEST_F(LegacyDocumentTest, TimestampHasSecondsAndLocalOffset) {
  EXPECT_EQ(FormatLocalTimestamp(kNow), timestamp_);
  ScopedTimeZone utc("UTC0");
  EXPECT_EQ(FormatLocalTimestamp(kNow), "2026-01-06T16:30:00+00:00");
  ScopedTimeZone india("IST-5:30");
  EXPECT_EQ(FormatLocalTimestamp(kNow), "2026-01-06T22:00:00+05:30");
}

TEST_F(LegacyDocumentTest, AllHealthyMatchesTheExpectedDocument) {
  const Json document = BuildLegacyDocument(HealthySnapshot(), options_, kNow);
  ExpectSameDocument(Expected("all_healthy.json", timestamp_), document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, EmptySnapshotIsTheAllDownDocumentByteForByte) {
  std::string expected = ReadFixture("all_down.json");
  expected.replace(expected.find("…"), std::string("…").size(), timestamp_);
  const Json document = BuildLegacyDocument(Snapshot{}, options_, kNow);
  EXPECT_EQ(document.dump(), expected);
  EXPECT_EQ(SerializeLegacyDocument(document),
            Json::parse(expected).dump(2) + "\n");
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, FileIsPrettyPrintedLikeTheOldOne) {
  // all_healthy.json is laid out as the old file was: 2-space indent, one
  // key (or array element) per line.
  std::string expected = ReadFixture("all_healthy.json");
  expected.replace(expected.find("…"), std::string("…").size(), timestamp_);
  const std::string text = SerializeLegacyDocument(
      BuildLegacyDocument(HealthySnapshot(), options_, kNow));
  EXPECT_EQ(text, expected + "\n");
  EXPECT_EQ(text.substr(0, 17), "{\n  \"timestamp\": ");
}

TEST_F(LegacyDocumentTest, EveryServiceRefusingIsTheAllDownDocument) {
  Snapshot snapshot;
  for (const char* name :
       {"aidb", "hybrid_coordinator", "llama_cpp", "embeddings"}) {
    Put(snapshot, Record(name, State::kDown, {{"http_status", 0}}));
  }
  Put(snapshot, Record("qdrant", State::kDown, {{"healthy", false}}));
  // A telemetry probe in state error contributes nothing.
  Put(snapshot, Record("aidb_telemetry", State::kError,
                       TelemetryDetails({{"total_lines", 7}})));
  Put(snapshot,
      Record("hybrid_telemetry", State::kUp,
             TelemetryDetails({{"total_lines", 0}, {"last_event_time", ""}})));
  std::string expected = ReadFixture("all_down.json");
  expected.replace(expected.find("…"), std::string("…").size(), timestamp_);
  EXPECT_EQ(BuildLegacyDocument(snapshot, options_, kNow).dump(), expected);
}

TEST_F(LegacyDocumentTest, QdrantDownZeroesItsPartsOnly) {
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot, Record("qdrant", State::kDown, {{"healthy", false}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["qdrant"]["status"] = "unknown";
  expected["services"]["qdrant"]["metrics"] = {{"collection_count", 0},
                                               {"total_vectors", 0}};
  expected["knowledge_base"]["total_points"] = 0;
  expected["knowledge_base"]["real_embeddings_percent"] = 0;
  expected["knowledge_base"]["collections"] = {
      {"codebase_context", 0}, {"error_solutions", 0}, {"best_practices", 0}};
  // 0.4*25 + 0.4*75 + 0.2*0
  expected["effectiveness"]["overall_score"] = 40;
  expected["effectiveness"]["knowledge_base_vectors"] = 0;
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, EmbeddingsLoadingIsUnknownWithoutModel) {
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot, Record("embeddings", State::kStarting,
                       {{"http_status", 503},
                        {"upstream_status", "loading"},
                        {"model", "sentence-transformers/all-MiniLM-L6-v2"}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["embeddings"]["status"] = "unknown";
  expected["services"]["embeddings"]["model"] = "unknown";
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, LlamaLoadingIsUnknownWithTheModelItLoads) {
  // llama.cpp answers /v1/models while /health is 503 "Loading model".
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot,
      Record("llama_cpp", State::kStarting,
             {{"http_status", 503},
              {"upstream_status", nullptr},
              {"model", "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf"},
              {"loading", true}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["llama_cpp"]["status"] = "unknown";
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, LlamaLoadingWithoutAModelIsModelNone) {
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot, Record("llama_cpp", State::kStarting,
                       {{"http_status", 503}, {"upstream_status", ""}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["llama_cpp"]["status"] = "unknown";
  expected["services"]["llama_cpp"]["model"] = "none";
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, AidbErrorKeepsItsStatusAndBody) {
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot, Record("aidb", State::kDown,
                       {{"http_status", 200},
                        {"upstream_status", "error"},
                        {"health", FixtureJson("aidb_health_error.json")}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["aidb"]["status"] = "error";
  expected["services"]["aidb"]["health_check"] =
      FixtureJson("aidb_health_error.json");
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, ModelIdWithQuotesStaysValidJson) {
  const std::string model = R"(/models/my "best" \model\ {x}.gguf)";
  Snapshot snapshot = HealthySnapshot();
  Put(snapshot,
      Record(
          "llama_cpp", State::kUp,
          {{"http_status", 200}, {"upstream_status", "ok"}, {"model", model}}));
  const std::string text =
      SerializeLegacyDocument(BuildLegacyDocument(snapshot, options_, kNow));
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["services"]["llama_cpp"]["model"], model);
}

TEST_F(LegacyDocumentTest, OnlineWordsChangeOnlyAidbOk) {
  options_.status_words = StatusWords::kOnline;
  const Json document = BuildLegacyDocument(HealthySnapshot(), options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["aidb"]["status"] = "online";
  ExpectSameDocument(expected, document);
  ExpectValid(document);

  Snapshot snapshot = HealthySnapshot();
  Put(snapshot, Record("aidb", State::kDown,
                       {{"http_status", 200}, {"upstream_status", "error"}}));
  EXPECT_EQ(BuildLegacyDocument(snapshot, options_,
                                kNow)["services"]["aidb"]["status"],
            "error");
}

TEST_F(LegacyDocumentTest, EffectivenessFollowsTheOldFormula) {
  struct Case {
    std::int64_t events, local_percentage, points, overall;
  };
  // usage = min(100, events/10), knowledge = min(100, points/100),
  // overall = trunc(0.4 usage + 0.4 local + 0.2 knowledge).
  for (const Case c : {Case{57, 33, 1554, 18},       // 2 + 13.2 + 3
                       Case{9, 0, 99, 0},            // integer divisions give 0
                       Case{70, 1, 0, 3},            // 2.8 + 0.4 = 3.2
                       Case{5000, 100, 20000, 100},  // everything capped
                       Case{250, 75, 1554, 43}}) {
    Snapshot snapshot = HealthySnapshot();
    Put(snapshot,
        Record("hybrid_telemetry", State::kUp,
               TelemetryDetails({{"total_lines", c.events},
                                 {"local_queries", c.local_percentage},
                                 {"remote_queries", 100 - c.local_percentage},
                                 {"estimated_tokens_saved", 5},
                                 {"local_percentage", c.local_percentage}})));
    Put(snapshot,
        Record("qdrant", State::kUp,
               {{"healthy", true},
                {"collections", {{"codebase-context", {{"points", c.points}}}}},
                {"total_points", c.points}}));
    const Json effectiveness =
        BuildLegacyDocument(snapshot, options_, kNow)["effectiveness"];
    EXPECT_EQ(effectiveness["overall_score"], c.overall) << c.events;
    EXPECT_EQ(effectiveness["total_events_processed"], c.events);
    EXPECT_EQ(effectiveness["local_query_percentage"], c.local_percentage);
    EXPECT_EQ(effectiveness["estimated_tokens_saved"], 5);
    EXPECT_EQ(effectiveness["knowledge_base_vectors"], c.points);
  }
}

TEST_F(LegacyDocumentTest, MappedNamesPortsAndEndpointAreUsed) {
  options_.probes.qdrant = "vectors";
  options_.ports.qdrant = 16333;
  options_.embeddings_endpoint = "http://127.0.0.1:18081";
  Snapshot snapshot = HealthySnapshot();
  for (auto& record : snapshot.probes) {
    if (record.probe == "qdrant") record.probe = "vectors";
  }
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  EXPECT_EQ(document["services"]["qdrant"]["status"], "healthy");
  EXPECT_EQ(document["services"]["qdrant"]["port"], 16333);
  EXPECT_EQ(document["services"]["embeddings"]["endpoint"],
            "http://127.0.0.1:18081");
  EXPECT_EQ(document["knowledge_base"]["total_points"], 1554);
}

TEST_F(LegacyDocumentTest, HostileDetailsNeverBreakTheDocument) {
  Snapshot snapshot = HealthySnapshot();
  // Wrong types, nulls, deep nesting and invalid JSON in every part.
  Put(snapshot,
      Record("aidb", State::kUp,
             {{"http_status", "200"},
              {"upstream_status", nullptr},
              {"health", {{"status", nullptr}, {"list", {1, nullptr}}}}}));
  Put(snapshot,
      Record("hybrid_coordinator", State::kUp,
             {{"http_status", 200},
              {"upstream_status", 7},
              {"health", {{"status", "healthy"}, {"note", nullptr}}}}));
  Put(snapshot,
      Record("qdrant", State::kUp,
             {{"healthy", "yes"},
              {"collections", {{"codebase-context", {{"points", -5}}}}},
              {"total_points", 1.5e300}}));
  ProbeRecord deep = Record("llama_cpp", State::kUp, Json::object());
  deep.result.details_json =
      std::string(100000, '[') + std::string(100000, ']');
  Put(snapshot, deep);
  ProbeRecord broken = Record("embeddings", State::kUp, Json::object());
  broken.result.details_json = "{\"http_status\": 200, \"model\": \"\xff\xfe";
  Put(snapshot, broken);
  Put(snapshot, Record("hybrid_telemetry", State::kUp,
                       TelemetryDetails(
                           {{"total_lines", -3}, {"local_percentage", 900}})));
  Put(snapshot, Record("aidb_telemetry", State::kUp,
                       {{"total_events", 9}, {"legacy", "9 lines"}}));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  ExpectValid(document);
  EXPECT_EQ(document["services"]["aidb"]["status"], "unknown");
  EXPECT_EQ(document["services"]["aidb"]["health_check"], Json::object());
  EXPECT_EQ(document["services"]["hybrid_coordinator"]["status"], "healthy");
  EXPECT_EQ(document["services"]["hybrid_coordinator"]["health_check"],
            (Json{{"status", "healthy"}}));
  EXPECT_EQ(document["services"]["qdrant"]["status"], "unknown");
  EXPECT_EQ(document["services"]["llama_cpp"]["model"], "none");
  EXPECT_EQ(document["services"]["embeddings"]["status"], "unknown");
  EXPECT_EQ(document["effectiveness"]["local_query_percentage"], 100);
  EXPECT_EQ(document["effectiveness"]["total_events_processed"], 0);
  EXPECT_EQ(document["services"]["aidb"]["telemetry"],
            (Json{{"total_events", 0}, {"last_event_time", ""}}));
  EXPECT_TRUE(document["knowledge_base"]["total_points"].is_number_integer());
}

TEST_F(LegacyDocumentTest, TelemetryWithoutLegacyCountsIsZeros) {
  // Top-level counts are stackprobe's own reading; only "legacy" holds
  // the old collector's numbers.
  Snapshot snapshot = HealthySnapshot();
  const Json own = {{"total_events", 12},
                    {"last_event_time", "2026-01-06T16:00:00+00:00"},
                    {"local_queries", 4},
                    {"remote_queries", 1},
                    {"estimated_tokens_saved", 80},
                    {"local_percentage", 80}};
  Put(snapshot, Record("aidb_telemetry", State::kUp, own));
  Put(snapshot, Record("hybrid_telemetry", State::kUp, own));
  const Json document = BuildLegacyDocument(snapshot, options_, kNow);
  Json expected = Expected("all_healthy.json", timestamp_);
  expected["services"]["aidb"]["telemetry"] = {{"total_events", 0},
                                               {"last_event_time", ""}};
  expected["services"]["hybrid_coordinator"]["telemetry"] = {
      {"total_events", 0},
      {"local_queries", 0},
      {"remote_queries", 0},
      {"estimated_tokens_saved", 0},
      {"local_percentage", 0}};
  // usage 0, local 0, knowledge min(100, 1554 / 100) = 15: 0.2 * 15 = 3.
  expected["effectiveness"] = {{"overall_score", 3},
                               {"total_events_processed", 0},
                               {"local_query_percentage", 0},
                               {"estimated_tokens_saved", 0},
                               {"knowledge_base_vectors", 1554}};
  ExpectSameDocument(expected, document);
  ExpectValid(document);
}

TEST_F(LegacyDocumentTest, SchemaRejectsWhatReadersCannotTake) {
  Json document = BuildLegacyDocument(HealthySnapshot(), options_, kNow);
  ExpectValid(document);
  Json bad = document;
  bad["services"]["aidb"]["status"] = nullptr;
  EXPECT_FALSE(testing::CheckSchema(Schema(), bad).empty());
  bad = document;
  bad["knowledge_base"]["collections"].erase("best_practices");
  EXPECT_FALSE(testing::CheckSchema(Schema(), bad).empty());
  bad = document;
  bad["knowledge_base"]["total_points"] = 1.5;
  EXPECT_FALSE(testing::CheckSchema(Schema(), bad).empty());
  bad = document;
  bad["services"]["qdrant"]["extra"] = 1;
  EXPECT_FALSE(testing::CheckSchema(Schema(), bad).empty());
}

}  // namespace
}  // namespace stackprobe::legacy
