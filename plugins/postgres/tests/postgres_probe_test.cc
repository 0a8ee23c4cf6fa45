// SPDX-License-Identifier: Apache-2.0
#include "postgres_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "config/json_schema.h"
#include "config_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "postgres_cluster.h"
#include "probe_result_helpers.h"

namespace stackprobe::postgres {
namespace {

using testing::SampleValue;

using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::HostConfig;
using stackprobe::testing::PostgresCluster;

// The compose `.env` beside the stack's compose file: other variables,
// comments, the password quoted (it holds a '#' and a space).
constexpr const char* kStackEnvText =
    "# AI stack\n"
    "POSTGRES_USER=mcp\n"
    "POSTGRES_DB=mcp\n"
    "POSTGRES_PASSWORD='mcp stack#pw'  # generated at install\n"
    "\n"
    "REDIS_URL=redis://localhost:6379\n";

// One cluster for the whole suite: initdb is the slow part.
class PostgresProbeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = std::make_unique<PostgresCluster>();
    cluster_->Psql("CREATE ROLE prober LOGIN PASSWORD 'pr0ber-pass'");
    cluster_->Psql("CREATE DATABASE vectors");
    // As the AI stack's compose service sets it up: user and database mcp,
    // the password from the compose `.env` (kStackEnvText).
    cluster_->Psql("CREATE ROLE mcp LOGIN PASSWORD 'mcp stack#pw'");
    cluster_->Psql("CREATE DATABASE mcp OWNER mcp");
    // No pgvector package exists here: a catalog row is what the probe
    // reads, so a superuser can fake the installed extension.
    cluster_->Psql(
        "INSERT INTO pg_extension (oid, extname, extowner, extnamespace, "
        "extrelocatable, extversion) VALUES (99999, 'vector', 10, "
        "(SELECT oid FROM pg_namespace WHERE nspname = 'public'), false, "
        "'0.8.0')",
        "vectors");
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    // A previous test may have stopped the server.
    if (!running_) {
      cluster_->Start();
      running_ = true;
    }
  }

  static std::string Config(
      nlohmann::json overrides = nlohmann::json::object()) {
    nlohmann::json config{{"host", "127.0.0.1"},
                          {"port", cluster_->port()},
                          {"user", "postgres"},
                          {"database", "postgres"},
                          {"sslmode", "disable"}};
    config.update(overrides);
    return HostConfig(kConfigSchema, config.dump());
  }

  // Writes `text` to a new file in the cluster's folder; returns its name
  // (relative to that folder) and sets `path` to its full path.
  std::string TestFile(const std::string& text, std::string& path) {
    const std::string name = "pw-" + std::to_string(++test_files_);
    path = cluster_->dir() + "/" + name;
    std::ofstream(path) << text;
    return name;
  }

  std::string PasswordFile(const std::string& password) {
    std::string path;
    TestFile(password + "\n", path);
    return path;
  }

  std::string StackEnvFile() {
    std::string path;
    TestFile(kStackEnvText, path);
    return path;
  }

  static inline std::unique_ptr<PostgresCluster> cluster_;
  static inline bool running_ = true;
  int test_files_ = 0;
};

// initdb dominates the run time, so the cases that need a running
// server share one test (and one cluster).
TEST_F(PostgresProbeTest, AnswersEveryCaseOfARunningServer) {
  {
    SCOPED_TRACE("TrustedUserWithoutPgvectorIsDegraded");
    PostgresProbe probe(Config());
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDegraded) << result.message;
    EXPECT_EQ(result.reason, kReasonExtensionMissing);
    EXPECT_EQ(SampleValue(result, "up"), 1.0);
    EXPECT_EQ(SampleValue(result, "pgvector_installed"), 0.0);
    EXPECT_GT(SampleValue(result, "connect_duration_seconds").value_or(0), 0.0);
    EXPECT_GT(SampleValue(result, "query_duration_seconds").value_or(0), 0.0);
    const auto details = nlohmann::json::parse(result.details_json);
    const std::string version = details["server_version"];
    EXPECT_EQ(version.substr(0, 3), "15.") << version;
    EXPECT_EQ(
        SampleValue(result, "server_version_info", {{"version", version}}),
        1.0);
  }

  {
    SCOPED_TRACE("MissingPgvectorIsUpWhenNotRequired");
    PostgresProbe probe(Config({{"require_pgvector", false}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
    EXPECT_EQ(SampleValue(result, "pgvector_installed"), 0.0);
  }

  {
    SCOPED_TRACE("ScramUserWithPgvectorIsUp");
    PostgresProbe probe(
        Config({{"user", "prober"},
                {"database", "vectors"},
                {"password_file", PasswordFile("pr0ber-pass")}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
    EXPECT_EQ(SampleValue(result, "pgvector_installed"), 1.0);
    EXPECT_EQ(SampleValue(result, "pgvector_info", {{"version", "0.8.0"}}),
              1.0);
  }

  {
    SCOPED_TRACE("StackDotEnvWithPasswordKeyIsUp");
    PostgresProbe probe(Config({{"user", "mcp"},
                                {"database", "mcp"},
                                {"require_pgvector", false},
                                {"password_file", StackEnvFile()},
                                {"password_key", "POSTGRES_PASSWORD"}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
    EXPECT_EQ(SampleValue(result, "up"), 1.0);
  }

  {
    SCOPED_TRACE("PasswordFileUnderHomeIsExpanded");
    std::string path;
    const std::string name = TestFile(kStackEnvText, path);
    const char* old_home = std::getenv("HOME");
    const std::string saved_home = old_home == nullptr ? "" : old_home;
    ::setenv("HOME", cluster_->dir().c_str(), 1);
    PostgresProbe probe(Config({{"user", "mcp"},
                                {"database", "mcp"},
                                {"require_pgvector", false},
                                {"password_file", "~/" + name},
                                {"password_key", "POSTGRES_PASSWORD"}}));
    if (old_home != nullptr) {
      ::setenv("HOME", saved_home.c_str(), 1);
    } else {
      ::unsetenv("HOME");
    }
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
  }

  {
    SCOPED_TRACE("UnixSocketWorks");
    PostgresProbe probe(Config({{"unix_socket_dir", cluster_->socket_dir()},
                                {"database", "vectors"}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
  }

  {
    SCOPED_TRACE("WrongPasswordIsAuth");
    PostgresProbe probe(Config(
        {{"user", "prober"}, {"password_file", PasswordFile("nope-pass")}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, kReasonAuth) << result.message;
    EXPECT_EQ(SampleValue(result, "up"), 0.0);
    EXPECT_EQ(result.message.find("nope-pass"), std::string::npos);
  }

  {
    SCOPED_TRACE("MissingPasswordIsAuth");
    PostgresProbe probe(Config({{"user", "prober"}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, kReasonAuth) << result.message;
  }

  {
    SCOPED_TRACE("RequiredTlsOnAPlainServerIsTls");
    PostgresProbe probe(Config({{"sslmode", "require"}}));
    FakeProbeContext fake("postgres");
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, reason::kTls) << result.message;
  }
}

TEST_F(PostgresProbeTest, AWrongPasswordKeyNamesKeyAndFileNotThePassword) {
  const std::string env_file = StackEnvFile();
  PostgresProbe probe(Config({{"user", "mcp"},
                              {"database", "mcp"},
                              {"password_file", env_file},
                              {"password_key", "POSTGRES_PASS"}}));
  FakeProbeContext fake("postgres");
  const ProbeResult result = probe.Run(fake.context());
  // A config to fix, not a server that is down.
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, reason::kNotFound);
  EXPECT_NE(result.message.find("password_key: POSTGRES_PASS "),
            std::string::npos)
      << result.message;
  EXPECT_NE(result.message.find(env_file), std::string::npos) << result.message;
  EXPECT_EQ(result.message.find("mcp stack#pw"), std::string::npos)
      << result.message;
}

TEST_F(PostgresProbeTest, APasswordFileIsReadAtEveryRun) {
  const std::string env_file = cluster_->dir() + "/later.env";
  std::filesystem::remove(env_file);
  PostgresProbe probe(Config({{"user", "mcp"},
                              {"database", "mcp"},
                              {"require_pgvector", false},
                              {"password_file", env_file},
                              {"password_key", "POSTGRES_PASSWORD"}}));
  FakeProbeContext fake("postgres");
  // Missing for now (the stack's checkout not there yet): a failed run.
  const ProbeResult missing = probe.Run(fake.context());
  EXPECT_EQ(missing.state, State::kError);
  EXPECT_EQ(missing.reason, reason::kNotFound) << missing.message;
  // The same probe object picks the file up once it exists.
  std::filesystem::copy_file(StackEnvFile(), env_file);
  fake.Reset();
  const ProbeResult found = probe.Run(fake.context());
  EXPECT_EQ(found.state, State::kUp) << found.message;
}

TEST_F(PostgresProbeTest, StoppedServerIsRefused) {
  cluster_->Stop();
  running_ = false;
  FakeProbeContext fake("postgres");
  PostgresProbe tcp(Config());
  const ProbeResult result = tcp.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused) << result.message;
  PostgresProbe socket(Config({{"unix_socket_dir", cluster_->socket_dir()}}));
  fake.Reset();
  const ProbeResult via_socket = socket.Run(fake.context());
  EXPECT_EQ(via_socket.reason, reason::kRefused) << via_socket.message;
}

TEST(PostgresProbeTimeoutTest, ASilentServerTimesOut) {
  // A listening socket that never accepts: the TCP handshake completes in
  // the backlog, the startup answer never comes.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  PostgresProbe probe(HostConfig(
      kConfigSchema,
      nlohmann::json{{"port", ntohs(addr.sin_port)}, {"sslmode", "disable"}}
          .dump()));
  FakeProbeContext fake("postgres", std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  close(fd);
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout) << result.message;
}

TEST(PostgresProbeConfigTest, ClassifiesLibpqMessages) {
  EXPECT_EQ(ClassifyConnectError(
                "connection to server at \"127.0.0.1\", port 1 failed: "
                "Connection refused"),
            PgFailure::kRefused);
  EXPECT_EQ(ClassifyConnectError("FATAL:  no pg_hba.conf entry for host "
                                 "\"127.0.0.1\", user \"x\", SSL off"),
            PgFailure::kAuth);
  EXPECT_EQ(ClassifyConnectError("FATAL:  database \"nope\" does not exist"),
            PgFailure::kAuth);
  EXPECT_EQ(ClassifyConnectError("could not translate host name \"x\""),
            PgFailure::kDns);
  // A missing password file fails runs (see APasswordFileIsReadAtEveryRun);
  // only a config that can never work is refused.
  EXPECT_NO_THROW(PostgresProbe(
      HostConfig(kConfigSchema, R"({"password_file": "/nonexistent/pw"})")));
  // A key without its file passes the schema; the probe names the key.
  try {
    PostgresProbe probe(
        HostConfig(kConfigSchema, R"({"password_key": "POSTGRES_PASSWORD"})"));
    FAIL() << "a password_key without password_file was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("password_key: expected together "
                                          "with password_file",
                                          0),
              0U)
        << e.what();
  }
}

}  // namespace
}  // namespace stackprobe::postgres

namespace stackprobe::postgres {
namespace {

TEST(PostgresSchemaTest, DefaultsFromTheSchemaMakeAWorkingConfig) {
  nlohmann::json config = nlohmann::json::object();
  ASSERT_EQ(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), config, "config"),
            std::nullopt);
  EXPECT_EQ(config["port"], 5432);
  EXPECT_EQ(config["sslmode"], "prefer");
  EXPECT_EQ(config["require_pgvector"], true);
  EXPECT_NO_THROW(PostgresProbe probe(config.dump()));
  EXPECT_EQ(config["password_key"], "");
  nlohmann::json bad{{"sslmode", "verify-full"}};
  EXPECT_NE(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), bad, "config"),
            std::nullopt);
  nlohmann::json not_a_variable{{"password_key", "POSTGRES-PASSWORD"}};
  EXPECT_NE(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), not_a_variable, "config"),
            std::nullopt);
}

}  // namespace
}  // namespace stackprobe::postgres
