// SPDX-License-Identifier: Apache-2.0
#include "pg_client.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>
#include <vector>

namespace stackprobe::postgres {
namespace {

// Wakes up at least this often to notice cancellation.
constexpr std::chrono::milliseconds kPollSlice{100};

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string OneLine(const char* text) {
  std::string line = text == nullptr ? "" : text;
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

PgFailure ClassifyConnectError(const std::string& message) {
  if (Contains(message, "Connection refused") ||
      Contains(message, "No such file or directory")) {
    return PgFailure::kRefused;
  }
  if (Contains(message, "timeout expired") || Contains(message, "timed out")) {
    return PgFailure::kTimeout;
  }
  if (Contains(message, "could not translate host name")) {
    return PgFailure::kDns;
  }
  if (Contains(message, "authentication failed") ||
      Contains(message, "no password supplied") ||
      Contains(message, "password") || Contains(message, "pg_hba.conf") ||
      Contains(message, "does not exist") ||
      Contains(message, "permission denied")) {
    return PgFailure::kAuth;
  }
  // After the auth checks: "no pg_hba.conf entry ..., SSL off" is auth.
  if (Contains(message, "SSL") || Contains(message, "certificate")) {
    return PgFailure::kTls;
  }
  return PgFailure::kConnection;
}

PgClient::PgClient(const HostContext& context) : context_(context) {}

PgClient::~PgClient() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool PgClient::WaitSocket(bool for_write) const {
  const int fd = PQsocket(conn_);
  if (fd < 0) return false;
  for (;;) {
    if (context_.Cancelled()) return false;
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            context_.Deadline() - std::chrono::steady_clock::now());
    if (remaining.count() <= 0) return false;
    pollfd pfd{fd, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    const int ready = poll(
        &pfd, 1, static_cast<int>(std::min(remaining, kPollSlice).count()));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

bool PgClient::Connect(const PgConnectParams& params, PgFailure& failure,
                       std::string& error) {
  const std::string port = std::to_string(params.port);
  const std::string host =
      params.unix_socket_dir.empty() ? params.host : params.unix_socket_dir;
  // Keywords left out fall back to libpq's environment defaults; the ones
  // that decide where and as whom are always given explicitly.
  std::vector<const char*> keys{"host",   "port",    "user",
                                "dbname", "sslmode", "application_name"};
  std::vector<const char*> values{
      host.c_str(),           port.c_str(),
      params.user.c_str(),    params.database.c_str(),
      params.sslmode.c_str(), "stackprobe"};
  if (!params.password.empty()) {
    keys.push_back("password");
    values.push_back(params.password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  conn_ = PQconnectStartParams(keys.data(), values.data(), 0);
  if (conn_ == nullptr) {
    failure = PgFailure::kConnection;
    error = "libpq could not allocate a connection";
    return false;
  }
  if (PQstatus(conn_) == CONNECTION_BAD) {
    error = OneLine(PQerrorMessage(conn_));
    failure = ClassifyConnectError(error);
    return false;
  }
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  for (;;) {
    if (status == PGRES_POLLING_OK) break;
    if (status == PGRES_POLLING_FAILED) {
      error = OneLine(PQerrorMessage(conn_));
      failure = ClassifyConnectError(error);
      return false;
    }
    if (!WaitSocket(status == PGRES_POLLING_WRITING)) {
      failure = PgFailure::kTimeout;
      error = "deadline passed while connecting";
      return false;
    }
    status = PQconnectPoll(conn_);
  }
  if (PQsetnonblocking(conn_, 1) != 0) {
    failure = PgFailure::kConnection;
    error = OneLine(PQerrorMessage(conn_));
    return false;
  }
  failure = PgFailure::kNone;
  return true;
}

bool PgClient::QueryFirstValue(const std::string& sql,
                               std::optional<std::string>& value,
                               PgFailure& failure, std::string& error) {
  value.reset();
  if (PQsendQuery(conn_, sql.c_str()) != 1) {
    failure = PgFailure::kQuery;
    error = OneLine(PQerrorMessage(conn_));
    return false;
  }
  for (;;) {
    const int flushed = PQflush(conn_);
    if (flushed == 0) break;
    if (flushed < 0 || !WaitSocket(true)) {
      failure = flushed < 0 ? PgFailure::kConnection : PgFailure::kTimeout;
      error = flushed < 0 ? OneLine(PQerrorMessage(conn_))
                          : "deadline passed while sending a query";
      return false;
    }
  }
  bool ok = true;
  bool got_value = false;
  for (;;) {
    while (PQisBusy(conn_) == 1) {
      if (!WaitSocket(false)) {
        failure = PgFailure::kTimeout;
        error = "deadline passed while waiting for a query";
        return false;
      }
      if (PQconsumeInput(conn_) != 1) {
        failure = PgFailure::kConnection;
        error = OneLine(PQerrorMessage(conn_));
        return false;
      }
    }
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) break;
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK) {
      if (!got_value && PQntuples(result) > 0 && PQnfields(result) > 0 &&
          PQgetisnull(result, 0, 0) == 0) {
        value =
            std::string(PQgetvalue(result, 0, 0),
                        static_cast<std::size_t>(PQgetlength(result, 0, 0)));
        got_value = true;
      }
    } else if (status != PGRES_COMMAND_OK) {
      ok = false;
      error = OneLine(PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  failure = ok ? PgFailure::kNone : PgFailure::kQuery;
  return ok;
}

std::string PgClient::ServerParameter(const char* name) const {
  const char* value = PQparameterStatus(conn_, name);
  return value == nullptr ? "" : value;
}

}  // namespace stackprobe::postgres
