// SPDX-License-Identifier: Apache-2.0
//
// The shipped examples/stackprobe.yml, unchanged, against the stack as it
// is set up (LEGACY-CONTRACT.md): a real PostgreSQL (user and database mcp,
// the password in the compose folder's .env), a real Redis, the AI services
// replayed on their real ports, and the two telemetry files, all inside a
// network namespace of this test's own and a HOME of its own (the example's
// ~/ paths land there). `stackprobe collect` must write the document the old
// collector's rules define, field by field and in the old key order, for
// every service scenario and telemetry variant below; the expected values
// are written out from the contract's rules, not computed by stackprobe's
// code.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "postgres_cluster.h"
#include "private_network.h"
#include "redis_server.h"
#include "stackprobe/fake_stack/fake_stack.h"

namespace stackprobe::testing {
namespace {

namespace fs = std::filesystem;
using fake_stack::FakeStack;
using fake_stack::Scenario;
using fake_stack::Service;
using Json = nlohmann::ordered_json;

// The stack's PostgreSQL password, as its compose .env holds it.
constexpr const char* kStackPassword = "mcp-pass-from-env";

// --- Facts of LEGACY-CONTRACT.md §1 (bodies as the services send them) ---
const char* const kAidbHealthOk =
    R"json({"status":"ok","database":"ok","redis":"ok","ml_engine":"ok","pgvector":"ok","llama_cpp":"ok (no model loaded)","federation":"0 servers cached","circuit_breakers":{"embeddings":"CLOSED","qdrant":"CLOSED","llama_cpp":"CLOSED"}})json";
const char* const kAidbHealthDatabaseError =
    R"json({"status":"error","database":"connection to server at \"127.0.0.1\", port 5432 failed: Connection refused","redis":"ok","ml_engine":"ok","pgvector":"ok","llama_cpp":"ok (no model loaded)","federation":"0 servers cached","circuit_breakers":{"embeddings":"CLOSED","qdrant":"CLOSED","llama_cpp":"CLOSED"}})json";
const char* const kHybridHealth =
    R"json({"status": "healthy", "service": "hybrid-coordinator", "collections": ["codebase-context", "skills-patterns", "error-solutions", "interaction-history", "best-practices"]})json";
constexpr const char* kLlamaModel =
    "/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf";
constexpr const char* kEmbeddingsModel =
    "sentence-transformers/all-MiniLM-L6-v2";

// What each service's part of the document is in one scenario.
struct ServicesScenario {
  std::string name;
  std::map<Service, Scenario> plays;
  std::string aidb_status;
  std::string aidb_health;  // JSON text, "{}" when the call failed
  std::string hybrid_status;
  std::string hybrid_health;
  bool qdrant_healthy;
  std::string llama_status;
  std::string llama_model;
  std::string embeddings_status;
  std::string embeddings_model;
};

std::vector<ServicesScenario> Scenarios() {
  const std::map<Service, Scenario> all_healthy = {
      {Service::kEmbeddings, Scenario::kHealthy},
      {Service::kAidb, Scenario::kHealthy},
      {Service::kHybrid, Scenario::kHealthy},
      {Service::kQdrant, Scenario::kHealthy},
      {Service::kLlama, Scenario::kHealthy}};
  auto with = [&](Service service, Scenario scenario) {
    auto plays = all_healthy;
    plays[service] = scenario;
    return plays;
  };
  std::map<Service, Scenario> all_down;
  for (const auto& [service, scenario] : all_healthy) {
    all_down[service] = Scenario::kDown;
  }
  const ServicesScenario healthy{
      "healthy",       all_healthy, "ok", kAidbHealthOk, "healthy",
      kHybridHealth,   true,        "ok", kLlamaModel,   "ok",
      kEmbeddingsModel};
  std::vector<ServicesScenario> scenarios{healthy};
  auto variant = [&](std::string name, Service service, Scenario scenario) {
    ServicesScenario s = healthy;
    s.name = std::move(name);
    s.plays = with(service, scenario);
    return s;
  };
  // AIDB answers HTTP 200 with status "error" and says why.
  auto aidb_error = variant("aidb_error", Service::kAidb, Scenario::kError);
  aidb_error.aidb_status = "error";
  aidb_error.aidb_health = kAidbHealthDatabaseError;
  scenarios.push_back(aidb_error);
  // /health 503 "Loading model" is a failed call (unknown), but /v1/models
  // answers during loading: the model is shown.
  auto llama_loading =
      variant("llama_loading", Service::kLlama, Scenario::kLoading);
  llama_loading.llama_status = "unknown";
  scenarios.push_back(llama_loading);
  auto embeddings_loading =
      variant("embeddings_loading", Service::kEmbeddings, Scenario::kLoading);
  embeddings_loading.embeddings_status = "unknown";
  embeddings_loading.embeddings_model = "unknown";
  scenarios.push_back(embeddings_loading);
  // The hybrid coordinator keeps its own answer while Qdrant is down.
  auto qdrant_down = variant("qdrant_down", Service::kQdrant, Scenario::kDown);
  qdrant_down.qdrant_healthy = false;
  scenarios.push_back(qdrant_down);
  // Hanging beyond its timeout: a failed call, no model known.
  auto llama_hanging =
      variant("llama_hanging", Service::kLlama, Scenario::kSlow);
  llama_hanging.llama_status = "unknown";
  llama_hanging.llama_model = "none";
  scenarios.push_back(llama_hanging);
  scenarios.push_back({"all_down", all_down, "unknown", "{}", "unknown", "{}",
                       false, "unknown", "none", "unknown", "unknown"});
  return scenarios;
}

// --- Telemetry files and what the old collector made of them (§2) ---
struct TelemetryVariant {
  std::string name;
  bool present;
  std::vector<std::string> aidb_lines;
  std::vector<std::string> hybrid_lines;
  // Expected: aidb total_events, last_event_time; hybrid total_events,
  // local, remote, tokens saved, local percentage; overall score with
  // Qdrant's 1554 vectors and without.
  std::int64_t aidb_events;
  std::string aidb_last;
  std::int64_t hybrid_events, local, remote, tokens, percent;
  std::int64_t overall_with_vectors, overall_without;
};

std::string Stamp(int second) {
  char text[48];
  std::snprintf(text, sizeof text, "2026-01-06T16:00:%02d.501122+00:00",
                second % 60);
  return text;
}

// An AIDB event as the service writes it (Python json.dumps spacing).
std::string AidbLine(int second) {
  return R"({"timestamp": ")" + Stamp(second) +
         R"(", "source": "aidb", "event_type": "query", "duration_ms": 12})";
}

std::string Compact(int second, const std::string& rest) {
  return R"({"timestamp":")" + Stamp(second) + R"(",)" + rest + "}";
}

std::vector<TelemetryVariant> TelemetryVariants() {
  std::vector<TelemetryVariant> variants;
  const std::string local =
      R"("event_type":"interaction_tracked","decision":"local")";
  const std::string remote =
      R"("event_type":"interaction_tracked","decision":"remote")";
  const std::string context = R"("event_type":"context_augmented")";
  // Compact JSON with a top-level decision: 3 local, 1 remote of 5 lines.
  variants.push_back({"compact",
                      true,
                      {AidbLine(1), AidbLine(2), AidbLine(3)},
                      {Compact(1, local), Compact(2, local), Compact(3, remote),
                       Compact(4, context), Compact(5, local)},
                      3,
                      Stamp(3),
                      5,
                      3,
                      1,
                      1500,
                      75,
                      33,
                      30});
  // The demo writer nests the decision under metadata: it counts.
  variants.push_back(
      {"nested",
       true,
       {AidbLine(7)},
       {Compact(
            1,
            R"("event_type":"interaction_tracked","metadata":{"decision":"local","model":"qwen"})"),
        Compact(
            2,
            R"("event_type":"interaction_tracked","metadata":{"decision":"remote"})"),
        Compact(
            3,
            R"("event_type":"interaction_tracked","metadata":{"decision":"local"})"),
        Compact(
            4,
            R"("event_type":"interaction_tracked","metadata":{"decision":"remote"})")},
       1,
       Stamp(7),
       4,
       2,
       2,
       1000,
       50,
       23,
       20});
  // json.dumps spacing ("decision": "local") is not the text searched for.
  std::vector<std::string> spaced;
  for (int i = 1; i <= 4; ++i) {
    spaced.push_back(
        R"({"timestamp": ")" + Stamp(i) +
        R"(", "event_type": "interaction_tracked", "decision": "local"})");
  }
  variants.push_back({"spaced",
                      true,
                      {AidbLine(1), AidbLine(9)},
                      spaced,
                      2,
                      Stamp(9),
                      4,
                      0,
                      0,
                      0,
                      0,
                      3,
                      0});
  // The real coordinator writes no decision at all.
  std::vector<std::string> plain;
  for (int i = 1; i <= 6; ++i) {
    plain.push_back(
        R"({"timestamp": ")" + Stamp(i) +
        R"(", "event_type": "context_augmented", "collection": "codebase-context", "results": 3})");
  }
  variants.push_back({"no_decisions",
                      true,
                      {AidbLine(4)},
                      plain,
                      1,
                      Stamp(4),
                      6,
                      0,
                      0,
                      0,
                      0,
                      3,
                      0});
  // 150 lines: only the last 100 are searched (lines 51-150: 10 of the 60
  // local ones, all 20 remote ones).
  std::vector<std::string> long_file;
  for (int i = 0; i < 60; ++i) long_file.push_back(Compact(i, local));
  for (int i = 0; i < 20; ++i) long_file.push_back(Compact(i, remote));
  for (int i = 0; i < 70; ++i) long_file.push_back(Compact(i, context));
  variants.push_back({"window",
                      true,
                      {AidbLine(5), AidbLine(6)},
                      long_file,
                      2,
                      Stamp(6),
                      150,
                      10,
                      20,
                      5000,
                      33,
                      22,
                      19});
  variants.push_back({"empty", true, {}, {}, 0, "", 0, 0, 0, 0, 0, 3, 0});
  variants.push_back({"missing", false, {}, {}, 0, "", 0, 0, 0, 0, 0, 3, 0});
  return variants;
}

Json ExpectedDocument(const ServicesScenario& s, const TelemetryVariant& t) {
  const std::int64_t points = s.qdrant_healthy ? 1554 : 0;
  Json services = Json::object();
  services["aidb"] = {
      {"service", "aidb"},
      {"status", s.aidb_status},
      {"port", 8091},
      {"health_check", Json::parse(s.aidb_health)},
      {"telemetry",
       {{"total_events", t.aidb_events}, {"last_event_time", t.aidb_last}}}};
  services["hybrid_coordinator"] = {
      {"service", "hybrid_coordinator"},
      {"status", s.hybrid_status},
      {"port", 8092},
      {"health_check", Json::parse(s.hybrid_health)},
      {"telemetry",
       {{"total_events", t.hybrid_events},
        {"local_queries", t.local},
        {"remote_queries", t.remote},
        {"estimated_tokens_saved", t.tokens},
        {"local_percentage", t.percent}}}};
  services["qdrant"] = {{"service", "qdrant"},
                        {"status", s.qdrant_healthy ? "healthy" : "unknown"},
                        {"port", 6333},
                        {"metrics",
                         {{"collection_count", s.qdrant_healthy ? 5 : 0},
                          {"total_vectors", points}}}};
  services["llama_cpp"] = {{"service", "llama_cpp"},
                           {"status", s.llama_status},
                           {"port", 8080},
                           {"model", s.llama_model}};
  services["embeddings"] = {{"service", "embeddings"},
                            {"status", s.embeddings_status},
                            {"port", 8081},
                            {"model", s.embeddings_model},
                            {"dimensions", 384},
                            {"endpoint", "http://localhost:8081"}};
  return {{"services", services},
          {"knowledge_base",
           {{"total_points", points},
            {"real_embeddings_percent", s.qdrant_healthy ? 100 : 0},
            {"collections",
             {{"codebase_context", s.qdrant_healthy ? 1520 : 0},
              {"error_solutions", s.qdrant_healthy ? 14 : 0},
              {"best_practices", s.qdrant_healthy ? 20 : 0}}},
            {"rag_quality",
             {{"context_relevance", "90%"},
              {"improvement_over_baseline", "+60%"}}}}},
          {"effectiveness",
           {{"overall_score",
             s.qdrant_healthy ? t.overall_with_vectors : t.overall_without},
            {"total_events_processed", t.hybrid_events},
            {"local_query_percentage", t.percent},
            {"estimated_tokens_saved", t.tokens},
            {"knowledge_base_vectors", points}}}};
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const std::string& path, const std::string& text,
               fs::perms mode = fs::perms::owner_read | fs::perms::owner_write |
                                fs::perms::group_read |
                                fs::perms::others_read) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::trunc) << text;
  fs::permissions(path, mode);
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

class LegacyParityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    home_ = fs::temp_directory_path() /
            ("stackprobe-parity-" + std::to_string(getpid()));
    fs::create_directories(home_);
    setenv("HOME", home_.c_str(), 1);
    // The stack's PostgreSQL (its image with POSTGRES_USER=mcp): superuser
    // and database mcp, no `postgres` role, a password over TCP; pgvector
    // (no package here: its catalog row is what the probe reads).
    postgres_ = std::make_unique<PostgresCluster>(PostgresClusterOptions{
        .port = 5432, .superuser = "mcp", .trust_superuser_over_tcp = false});
    postgres_->Psql(std::string("ALTER ROLE mcp PASSWORD '") + kStackPassword +
                    "'");
    postgres_->Psql("CREATE DATABASE mcp OWNER mcp");
    postgres_->Psql(
        "INSERT INTO pg_extension (oid, extname, extowner, extnamespace, "
        "extrelocatable, extversion) VALUES (99999, 'vector', 10, "
        "(SELECT oid FROM pg_namespace WHERE nspname = 'public'), false, "
        "'0.8.1')",
        "mcp");
    redis_ = std::make_unique<RedisServer>("", 6379);
    fake_stack::FakeStackOptions options;
    for (Service service : fake_stack::kAllServices) {
      options.ports[service] = fake_stack::DefaultPort(service);
    }
    options.slow_delay = std::chrono::milliseconds(4000);
    stack_ = std::make_unique<FakeStack>(options);
    WriteEnvFile(kStackPassword);
  }

  static void TearDownTestSuite() {
    stack_.reset();
    redis_.reset();
    postgres_.reset();
    std::error_code ignored;
    fs::remove_all(home_, ignored);
  }

  // The compose folder's .env, where the example config reads the password.
  static void WriteEnvFile(const std::string& password) {
    WriteText((home_ / "nixos-ai-stack/ai-stack/compose/.env").string(),
              "# ai-stack/compose/.env\nPOSTGRES_USER=mcp\nPOSTGRES_DB=mcp\n"
              "POSTGRES_PASSWORD=\"" +
                  password + "\"\nREDIS_HOST=localhost\n",
              fs::perms::owner_read | fs::perms::owner_write);
  }

  static void WriteTelemetry(const TelemetryVariant& variant) {
    const fs::path dir = home_ / ".local/share/nixos-ai-stack/telemetry";
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    if (!variant.present) return;
    WriteText((dir / "aidb-events.jsonl").string(),
              JoinLines(variant.aidb_lines));
    WriteText((dir / "hybrid-events.jsonl").string(),
              JoinLines(variant.hybrid_lines));
  }

  // Runs the stackprobe binary on the example config; output is stdout and
  // stderr together.
  static int Stackprobe(std::vector<std::string> args, std::string& output) {
    std::vector<std::string> argv = {STACKPROBE_BINARY, "--config",
                                     STACKPROBE_EXAMPLE_CONFIG};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToCompletion(argv, output);
  }

  static std::string LegacyFile() {
    return (home_ / ".local/share/nixos-system-dashboard/ai_metrics.json")
        .string();
  }

  static inline fs::path home_;
  static inline std::unique_ptr<PostgresCluster> postgres_;
  static inline std::unique_ptr<RedisServer> redis_;
  static inline std::unique_ptr<FakeStack> stack_;
};

TEST_F(LegacyParityTest, CollectWritesTheOldCollectorsDocumentForEveryCase) {
  int compared = 0;
  for (const ServicesScenario& scenario : Scenarios()) {
    for (const auto& [service, plays] : scenario.plays) {
      stack_->Set(service, plays);
    }
    for (const TelemetryVariant& telemetry : TelemetryVariants()) {
      SCOPED_TRACE(scenario.name + " / telemetry " + telemetry.name);
      WriteTelemetry(telemetry);
      std::error_code ignored;
      fs::remove(LegacyFile(), ignored);
      std::string output;
      ASSERT_EQ(Stackprobe({"collect"}, output), 0) << output;
      const std::string text = ReadText(LegacyFile());
      Json written = Json::parse(text, nullptr, /*allow_exceptions=*/false);
      ASSERT_TRUE(written.is_object()) << text;
      // The old layout: pretty-printed with two spaces, keys in order.
      EXPECT_NE(text.find("{\n  \"timestamp\": \""), std::string::npos) << text;
      ASSERT_TRUE(written["timestamp"].is_string());
      EXPECT_EQ(written["timestamp"].get<std::string>().size(),
                std::string("2026-01-06T08:30:00-08:00").size())
          << written["timestamp"];
      written.erase("timestamp");
      const Json expected = ExpectedDocument(scenario, telemetry);
      // ordered_json compares objects in key order: the order is checked.
      EXPECT_EQ(written, expected) << "written:  " << written.dump()
                                   << "\nexpected: " << expected.dump();
      ++compared;
    }
  }
  EXPECT_EQ(compared, 49);
  for (Service service : fake_stack::kAllServices) {
    stack_->Set(service, Scenario::kHealthy);
  }
}

TEST_F(LegacyParityTest,
       TheExampleProbesTheStackWithoutAuthOrBlockedSurprises) {
  WriteTelemetry(TelemetryVariants()[0]);
  std::string output;
  // Every probe of the example but the rootless one (it judges this host's
  // rootless podman set-up, not the stack).
  const int exit_code =
      Stackprobe({"check", "--json", "postgres", "redis", "embeddings",
                  "qdrant", "llama_cpp", "aidb", "hybrid_coordinator",
                  "aidb_telemetry", "hybrid_telemetry"},
                 output);
  EXPECT_EQ(exit_code, 0) << output;
  const auto report = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << output;
  ASSERT_EQ(report["probes"].size(), 9u) << output;
  for (const auto& probe : report["probes"]) {
    EXPECT_EQ(probe.value("state", ""), "up") << probe.dump();
    EXPECT_EQ(probe.value("blocked_by", "?"), "") << probe.dump();
  }
}

TEST_F(LegacyParityTest, WithPostgresDownAidbKeepsItsOwnAnswerAndIsBlocked) {
  WriteTelemetry(TelemetryVariants()[0]);
  postgres_->Stop();
  // What AIDB answers when its database is gone.
  stack_->Set(Service::kAidb, Scenario::kError);
  std::string output;
  const int exit_code =
      Stackprobe({"check", "--json", "postgres", "aidb"}, output);
  EXPECT_EQ(exit_code, 2) << output;
  const auto report = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << output;
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& probe : report["probes"]) {
    by_name[probe.value("name", "")] = probe;
  }
  EXPECT_EQ(by_name["postgres"].value("state", ""), "down") << output;
  EXPECT_EQ(by_name["postgres"].value("reason", ""), "refused") << output;
  // AIDB was asked, and its own diagnostic is kept.
  EXPECT_EQ(by_name["aidb"].value("blocked_by", ""), "postgres") << output;
  EXPECT_NE(by_name["aidb"].value("state", ""), "blocked") << output;
  EXPECT_NE(by_name["aidb"].dump().find("Connection refused"),
            std::string::npos)
      << output;

  std::error_code ignored;
  fs::remove(LegacyFile(), ignored);
  ASSERT_EQ(Stackprobe({"collect"}, output), 0) << output;
  const Json written = Json::parse(ReadText(LegacyFile()));
  EXPECT_EQ(written["services"]["aidb"]["status"], "error");
  EXPECT_EQ(written["services"]["aidb"]["health_check"],
            Json::parse(kAidbHealthDatabaseError));

  stack_->Set(Service::kAidb, Scenario::kHealthy);
  postgres_->Start();
}

TEST_F(LegacyParityTest, AWrongPasswordIsReportedWithTheFixOnStderr) {
  WriteEnvFile("not-the-password");
  std::string output;
  const int exit_code = Stackprobe({"check", "postgres"}, output);
  WriteEnvFile(kStackPassword);
  EXPECT_EQ(exit_code, 2) << output;
  EXPECT_NE(
      output.find("event=probe_config_problem probe=postgres reason=auth"),
      std::string::npos)
      << output;
  EXPECT_NE(output.find("probes[0].config"), std::string::npos) << output;
  EXPECT_EQ(output.find("not-the-password"), std::string::npos)
      << "the password must never be printed: " << output;
}

TEST_F(LegacyParityTest, CollectRunsOnlyTheProbesTheLegacyFileNeeds) {
  WriteTelemetry(TelemetryVariants()[0]);
  // Nothing in the legacy file comes from PostgreSQL, Redis or the rootless
  // checks (whose `podman info` alone takes over a second).
  std::string output;
  ASSERT_EQ(Stackprobe({"--log-level", "debug", "collect"}, output), 0)
      << output;
  for (const char* read :
       {"aidb", "hybrid_coordinator", "qdrant", "llama_cpp", "embeddings",
        "aidb_telemetry", "hybrid_telemetry"}) {
    EXPECT_NE(output.find(std::string("event=probe_run probe=") + read + " "),
              std::string::npos)
        << read << "\n"
        << output;
  }
  for (const char* unread : {"postgres", "redis", "rootless"}) {
    EXPECT_EQ(output.find(std::string("event=probe_run probe=") + unread + " "),
              std::string::npos)
        << unread << "\n"
        << output;
  }
  // Asked for, every probe runs.
  ASSERT_EQ(Stackprobe({"--log-level", "debug", "collect", "--all"}, output), 0)
      << output;
  EXPECT_NE(output.find("event=probe_run probe=postgres "), std::string::npos)
      << output;
}

}  // namespace
}  // namespace stackprobe::testing

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i) {
    listing = listing || std::string(argv[i]).starts_with("--gtest_list");
  }
  if (!listing) {
    try {
      stackprobe::testing::EnterPrivateNetwork();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "FAIL: %s\n", e.what());
      return 1;
    }
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
