// SPDX-License-Identifier: Apache-2.0
#include "resp.h"

#include <charconv>

namespace stackprobe::redis {
namespace {

// Bulk strings larger than this are not RESP we accept (the caller caps
// the buffer far below anyway).
constexpr std::int64_t kMaxBulkLength = 512LL * 1024 * 1024;
constexpr std::int64_t kMaxArrayLength = 1 << 20;

bool ParseInt(std::string_view text, std::int64_t& value) {
  if (text.empty()) return false;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

ParseStatus ParseAt(std::string_view buffer, std::size_t& pos, RespReply& reply,
                    int depth) {
  if (pos >= buffer.size()) return ParseStatus::kIncomplete;
  const std::size_t line_end = buffer.find("\r\n", pos);
  if (line_end == std::string_view::npos) return ParseStatus::kIncomplete;
  const char type = buffer[pos];
  const std::string_view line = buffer.substr(pos + 1, line_end - pos - 1);
  const std::size_t after_line = line_end + 2;
  switch (type) {
    case '+':
    case '-':
      reply.kind =
          type == '+' ? RespReply::Kind::kSimple : RespReply::Kind::kError;
      reply.text = std::string(line);
      pos = after_line;
      return ParseStatus::kOk;
    case ':':
      reply.kind = RespReply::Kind::kInteger;
      if (!ParseInt(line, reply.integer)) return ParseStatus::kInvalid;
      pos = after_line;
      return ParseStatus::kOk;
    case '$': {
      std::int64_t length = 0;
      if (!ParseInt(line, length) || length < -1 || length > kMaxBulkLength) {
        return ParseStatus::kInvalid;
      }
      if (length == -1) {
        reply.kind = RespReply::Kind::kNull;
        pos = after_line;
        return ParseStatus::kOk;
      }
      const auto size = static_cast<std::size_t>(length);
      if (buffer.size() < after_line + size + 2) {
        return ParseStatus::kIncomplete;
      }
      if (buffer.substr(after_line + size, 2) != "\r\n") {
        return ParseStatus::kInvalid;
      }
      reply.kind = RespReply::Kind::kBulk;
      reply.text = std::string(buffer.substr(after_line, size));
      pos = after_line + size + 2;
      return ParseStatus::kOk;
    }
    case '*': {
      std::int64_t count = 0;
      if (!ParseInt(line, count) || count < -1 || count > kMaxArrayLength) {
        return ParseStatus::kInvalid;
      }
      pos = after_line;
      if (count == -1) {
        reply.kind = RespReply::Kind::kNull;
        return ParseStatus::kOk;
      }
      if (depth >= kMaxArrayDepth) return ParseStatus::kInvalid;
      reply.kind = RespReply::Kind::kArray;
      reply.elements.clear();
      for (std::int64_t i = 0; i < count; ++i) {
        // Elements are allocated only as their bytes arrive, so a huge
        // announced count costs nothing by itself.
        RespReply element;
        const ParseStatus status = ParseAt(buffer, pos, element, depth + 1);
        if (status != ParseStatus::kOk) return status;
        reply.elements.push_back(std::move(element));
      }
      return ParseStatus::kOk;
    }
    default:
      return ParseStatus::kInvalid;
  }
}

}  // namespace

ParseStatus ParseReply(std::string_view buffer, RespReply& reply,
                       std::size_t& consumed) {
  std::size_t pos = 0;
  reply = RespReply{};
  const ParseStatus status = ParseAt(buffer, pos, reply, 0);
  consumed = status == ParseStatus::kOk ? pos : 0;
  return status;
}

std::string EncodeCommand(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

std::map<std::string, std::string> ParseInfo(std::string_view text) {
  std::map<std::string, std::string> fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    fields.emplace(std::string(line.substr(0, colon)),
                   std::string(line.substr(colon + 1)));
  }
  return fields;
}

bool ParseKeyspaceKeys(std::string_view value, double& keys) {
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(',', pos);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view field = value.substr(pos, end - pos);
    if (field.substr(0, 5) == "keys=") {
      std::int64_t count = 0;
      if (!ParseInt(field.substr(5), count) || count < 0) return false;
      keys = static_cast<double>(count);
      return true;
    }
    pos = end + 1;
  }
  return false;
}

}  // namespace stackprobe::redis
