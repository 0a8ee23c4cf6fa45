// SPDX-License-Identifier: Apache-2.0
#include "postgres_probe.h"

#include <unistd.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "password_source.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/home_path.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::postgres {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kPgvectorQuery =
    "SELECT extversion FROM pg_extension WHERE extname = 'vector'";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const char* ReasonOf(PgFailure failure) {
  switch (failure) {
    case PgFailure::kNone:
      return reason::kNone;
    case PgFailure::kRefused:
      return reason::kRefused;
    case PgFailure::kTimeout:
      return reason::kTimeout;
    case PgFailure::kDns:
      return reason::kDns;
    case PgFailure::kTls:
      return reason::kTls;
    case PgFailure::kAuth:
      return kReasonAuth;
    case PgFailure::kConnection:
      return reason::kConnection;
    case PgFailure::kQuery:
      return reason::kBadBody;
  }
  return reason::kConnection;
}

void AddUp(ProbeResult& result, bool up) {
  AddGauge(result, "up",
           "1 when connect, authentication and SELECT 1 succeeded, else 0",
           up ? 1 : 0);
}

}  // namespace

PostgresProbe::PostgresProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  params_.host = config.String("host");
  params_.port = static_cast<std::uint16_t>(config.Integer("port"));
  params_.unix_socket_dir = config.String("unix_socket_dir");
  params_.user = config.String("user");
  params_.database = config.String("database");
  params_.sslmode = config.String("sslmode");
  password_file_ = plugin_common::ExpandHome(
      config.String("password_file"), plugin_common::HomeFromEnvironment(),
      "password_file");
  password_key_ = config.String("password_key");
  if (password_file_.empty() && !password_key_.empty()) {
    throw config.Error("password_key",
                       "expected together with password_file (the .env file "
                       "that sets " +
                           password_key_ + "), got no password_file");
  }
  require_pgvector_ = config.Boolean("require_pgvector");
}

ProbeResult PostgresProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("postgres",
                                   [&] { return RunUnguarded(context); });
}

ProbeResult PostgresProbe::RunUnguarded(ProbeContext& context) {
  // Read at every run: a changed or rotated password is used at once, and a
  // file that is missing for now (the stack's checkout not there yet) is a
  // failed run, not a config the daemon refuses.
  PgConnectParams params = params_;
  try {
    params.password = ReadPassword(password_file_, password_key_,
                                   plugin_common::ProcessEnvironment());
  } catch (const std::invalid_argument& e) {
    // The file or the key is missing (not_found), or the file may not be
    // read (permission): the config or the file is what to fix.
    std::error_code ignored;
    const bool denied = std::filesystem::exists(password_file_, ignored) &&
                        access(password_file_.c_str(), R_OK) != 0;
    ProbeResult result =
        MakeResult(State::kError,
                   denied ? reason::kPermission : reason::kNotFound, e.what());
    AddUp(result, false);
    return result;
  }
  PgClient client(context);
  PgFailure failure = PgFailure::kNone;
  std::string error;

  const auto connect_start = Clock::now();
  if (!client.Connect(params, failure, error)) {
    ProbeResult result =
        MakeResult(State::kDown, ReasonOf(failure), "connect: " + error);
    AddUp(result, false);
    return result;
  }
  const double connect_seconds = SecondsSince(connect_start);

  std::optional<std::string> one;
  const auto query_start = Clock::now();
  if (!client.QueryFirstValue("SELECT 1", one, failure, error)) {
    ProbeResult result =
        MakeResult(State::kDown, ReasonOf(failure), "SELECT 1: " + error);
    AddUp(result, false);
    AddGauge(result, "connect_duration_seconds",
             "Time to connect and authenticate (libpq), in seconds",
             connect_seconds);
    return result;
  }
  const double query_seconds = SecondsSince(query_start);

  std::optional<std::string> pgvector;
  const bool pgvector_known =
      client.QueryFirstValue(kPgvectorQuery, pgvector, failure, error);
  const std::string server_version = client.ServerParameter("server_version");

  ProbeResult result = MakeResult(State::kUp, reason::kNone, "SELECT 1 ok");
  if (!pgvector_known) {
    result = MakeResult(State::kDegraded, ReasonOf(failure),
                        "pg_extension query failed: " + error);
  } else if (!pgvector.has_value() && require_pgvector_) {
    result = MakeResult(
        State::kDegraded, kReasonExtensionMissing,
        "the vector extension is not installed in " + params.database);
  }
  AddUp(result, true);
  AddGauge(result, "connect_duration_seconds",
           "Time to connect and authenticate (libpq), in seconds",
           connect_seconds);
  AddGauge(result, "query_duration_seconds",
           "Round trip of SELECT 1, in seconds", query_seconds);
  AddInfo(result, "server_version_info",
          "server_version reported by the server at startup",
          {{"version", server_version}});
  AddGauge(result, "pgvector_installed",
           "1 when pg_extension has a row for extname 'vector', else 0",
           pgvector.has_value() ? 1 : 0);
  if (pgvector.has_value()) {
    AddInfo(result, "pgvector_info",
            "extversion of the vector extension from pg_extension",
            {{"version", *pgvector}});
  }
  nlohmann::json details{{"server_version", server_version},
                         {"pgvector_installed", pgvector.has_value()},
                         {"pgvector_version", pgvector.value_or("")},
                         {"connect_duration_seconds", connect_seconds},
                         {"query_duration_seconds", query_seconds}};
  result.details_json =
      details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::postgres
