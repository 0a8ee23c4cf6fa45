// SPDX-License-Identifier: Apache-2.0
//
// The parts of RESP (the Redis serialization protocol, RESP2 as described
// at redis.io/docs/reference/protocol-spec) the probe needs, as pure
// functions over bytes.
#ifndef STACKPROBE_PLUGINS_REDIS_RESP_H_
#define STACKPROBE_PLUGINS_REDIS_RESP_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::redis {

/// One decoded reply.
struct RespReply {
  enum class Kind : std::uint8_t {
    kSimple,   ///< +text
    kError,    ///< -text
    kInteger,  ///< :n
    kBulk,     ///< $len text
    kNull,     ///< $-1 or *-1
    kArray,    ///< *n elements
  };
  Kind kind = Kind::kNull;
  std::string text;  ///< kSimple, kError, kBulk.
  std::int64_t integer = 0;
  std::vector<RespReply> elements;  ///< kArray.
};

/// Outcome of ParseReply.
enum class ParseStatus : std::uint8_t { kOk, kIncomplete, kInvalid };

/// Arrays nested deeper than this are rejected as kInvalid.
inline constexpr int kMaxArrayDepth = 8;

/// Decodes one reply from the front of `buffer`. On kOk, `consumed` is the
/// number of bytes it took. kIncomplete: more bytes are needed. kInvalid:
/// not RESP (or nested deeper than kMaxArrayDepth). Pure, thread-safe.
ParseStatus ParseReply(std::string_view buffer, RespReply& reply,
                       std::size_t& consumed);

/// Encodes a command as an array of bulk strings.
std::string EncodeCommand(const std::vector<std::string>& args);

/// Parses INFO text ("key:value" lines, "# Section" headers) into a map.
std::map<std::string, std::string> ParseInfo(std::string_view text);

/// Parses a keyspace value such as "keys=3,expires=0,avg_ttl=0" into
/// `keys`; false when there is no valid keys= field.
bool ParseKeyspaceKeys(std::string_view value, double& keys);

}  // namespace stackprobe::redis

#endif  // STACKPROBE_PLUGINS_REDIS_RESP_H_
