// SPDX-License-Identifier: Apache-2.0
#include "redis_probe.h"

#include <chrono>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::redis {
namespace {

using Clock = std::chrono::steady_clock;

// Bounds the keys{db} series; Redis has 16 databases by default.
constexpr std::size_t kMaxDatabases = 64;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The host's socket errors are strerror-like text.
const char* ClassifyTransportError(const HostContext& context,
                                   const std::string& error) {
  if (Clock::now() >= context.Deadline() || Contains(error, "timed out") ||
      Contains(error, "timeout") || Contains(error, "deadline")) {
    return reason::kTimeout;
  }
  if (Contains(error, "refused") || Contains(error, "No such file")) {
    return reason::kRefused;
  }
  if (Contains(error, "resolve") || Contains(error, "Name or service")) {
    return reason::kDns;
  }
  return reason::kConnection;
}

struct Failure {
  const char* reason = reason::kNone;
  std::string message;
};

// Sends one command and reads exactly one reply, within kMaxReplyBytes and
// the deadline.
bool Exchange(ProbeContext& context, Connection& connection,
              const std::vector<std::string>& args, RespReply& reply,
              Failure& failure) {
  std::string error;
  if (!connection.Write(EncodeCommand(args), error)) {
    failure = {ClassifyTransportError(context, error),
               args[0] + ": write failed: " + error};
    return false;
  }
  std::string buffer;
  for (;;) {
    std::size_t consumed = 0;
    const ParseStatus status = ParseReply(buffer, reply, consumed);
    if (status == ParseStatus::kOk) return true;
    if (status == ParseStatus::kInvalid) {
      failure = {reason::kBadBody, args[0] + ": reply is not RESP"};
      return false;
    }
    if (buffer.size() >= kMaxReplyBytes) {
      failure = {reason::kBadBody, args[0] + ": reply exceeds 1 MiB"};
      return false;
    }
    if (!connection.Read(buffer, kMaxReplyBytes - buffer.size(), error)) {
      failure = {
          error.empty() ? reason::kConnection
                        : ClassifyTransportError(context, error),
          args[0] + ": " + (error.empty() ? "connection closed" : error)};
      return false;
    }
  }
}

bool IsAuthError(const RespReply& reply) {
  return reply.kind == RespReply::Kind::kError &&
         (reply.text.rfind("NOAUTH", 0) == 0 ||
          reply.text.rfind("WRONGPASS", 0) == 0 ||
          Contains(reply.text, "invalid password") ||
          Contains(reply.text, "invalid username-password"));
}

double NumberField(const std::map<std::string, std::string>& info,
                   const std::string& key, bool& found) {
  const auto it = info.find(key);
  found = false;
  if (it == info.end()) return 0;
  try {
    std::size_t used = 0;
    const double value = std::stod(it->second, &used);
    found = used == it->second.size();
    return found ? value : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::string ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("password_file: cannot read " + path);
  std::string password;
  std::getline(in, password);
  while (!password.empty() &&
         (password.back() == '\r' || password.back() == ' ')) {
    password.pop_back();
  }
  return password;
}

void AddUp(ProbeResult& result, bool up) {
  AddGauge(result, "up", "1 when PING answered PONG (after AUTH), else 0",
           up ? 1 : 0);
}

ProbeResult Down(const Failure& failure) {
  ProbeResult result =
      MakeResult(State::kDown, failure.reason, failure.message);
  AddUp(result, false);
  return result;
}

// Closes the connection when the run ends, whatever the path.
struct ConnectionCloser {
  Connection* connection;
  ~ConnectionCloser() {
    if (connection != nullptr) connection->Close();
  }
};

}  // namespace

RedisProbe::RedisProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  host_ = config.String("host");
  port_ = static_cast<std::uint16_t>(config.Integer("port"));
  unix_socket_ = config.String("unix_socket");
  username_ = config.String("username");
  const std::string password_file = config.String("password_file");
  if (!password_file.empty()) password_ = ReadPasswordFile(password_file);
  if (!username_.empty() && password_.empty()) {
    throw config.Error("username",
                       "expected together with password_file, got no "
                       "password_file");
  }
}

ProbeResult RedisProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("redis",
                                   [&] { return RunUnguarded(context); });
}

ProbeResult RedisProbe::RunUnguarded(ProbeContext& context) {
  ConnectRequest request;
  if (unix_socket_.empty()) {
    request.host = host_;
    request.port = port_;
  } else {
    request.unix_path = unix_socket_;
  }
  std::string error;
  const auto start = Clock::now();
  Connection* connection = context.Connect(request, error);
  if (connection == nullptr) {
    return Down({ClassifyTransportError(context, error), "connect: " + error});
  }
  ConnectionCloser closer{connection};

  RespReply reply;
  Failure failure;
  if (!password_.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!username_.empty()) auth.push_back(username_);
    auth.push_back(password_);
    if (!Exchange(context, *connection, auth, reply, failure)) {
      return Down(failure);
    }
    if (reply.kind == RespReply::Kind::kError) {
      // The server's text names neither user nor password; keep it short.
      return Down({kReasonAuth, "AUTH refused: " + reply.text.substr(0, 80)});
    }
  }

  const auto ping_start = Clock::now();
  if (!Exchange(context, *connection, {"PING"}, reply, failure)) {
    return Down(failure);
  }
  const double ping_seconds =
      std::chrono::duration<double>(Clock::now() - ping_start).count();
  if (IsAuthError(reply)) {
    return Down({kReasonAuth, "PING: " + reply.text.substr(0, 80)});
  }
  if (reply.kind != RespReply::Kind::kSimple || reply.text != "PONG") {
    return Down({reason::kBadBody, "PING: expected +PONG"});
  }

  if (!Exchange(context, *connection, {"INFO"}, reply, failure)) {
    return Down(failure);
  }
  if (reply.kind != RespReply::Kind::kBulk) {
    if (IsAuthError(reply)) {
      return Down({kReasonAuth, "INFO: " + reply.text.substr(0, 80)});
    }
    return Down({reason::kBadBody, "INFO: expected a bulk string"});
  }
  const auto info = ParseInfo(reply.text);
  const double total_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();

  ProbeResult result = MakeResult(State::kUp, reason::kNone, "PONG");
  AddUp(result, true);
  AddGauge(result, "ping_duration_seconds", "Round trip of PING, in seconds",
           ping_seconds);
  nlohmann::json details{{"ping_duration_seconds", ping_seconds},
                         {"duration_seconds", total_seconds}};
  bool found = false;
  const double used_memory = NumberField(info, "used_memory", found);
  if (found) {
    AddGauge(result, "used_memory_bytes", "used_memory from INFO memory",
             used_memory);
    details["used_memory_bytes"] = used_memory;
  }
  const double clients = NumberField(info, "connected_clients", found);
  if (found) {
    AddGauge(result, "connected_clients", "connected_clients from INFO clients",
             clients);
    details["connected_clients"] = clients;
  }
  const double uptime = NumberField(info, "uptime_in_seconds", found);
  if (found) {
    AddGauge(result, "uptime_seconds", "uptime_in_seconds from INFO server",
             uptime);
  }
  nlohmann::json keys = nlohmann::json::object();
  std::size_t databases = 0;
  for (const auto& [key, value] : info) {
    if (key.size() < 3 || key.size() > 8 || key.rfind("db", 0) != 0 ||
        key.find_first_not_of("0123456789", 2) != std::string::npos) {
      continue;
    }
    double count = 0;
    if (!ParseKeyspaceKeys(value, count) || ++databases > kMaxDatabases) {
      continue;
    }
    AddGauge(result, "keys", "keys= of the dbN line in INFO keyspace", count,
             {{"db", key}});
    keys[key] = count;
  }
  details["keys"] = keys;
  const auto version = info.find("redis_version");
  const std::string version_text =
      version == info.end() ? "" : version->second.substr(0, 64);
  AddInfo(result, "server_info", "redis_version from INFO server",
          {{"version", version_text}});
  details["version"] = version_text;
  result.details_json =
      details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::redis
