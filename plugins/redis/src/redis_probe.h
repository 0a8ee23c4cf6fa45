// SPDX-License-Identifier: Apache-2.0
//
// The redis probe: RESP over a host connection, optional AUTH, PING and
// INFO.
#ifndef STACKPROBE_PLUGINS_REDIS_REDIS_PROBE_H_
#define STACKPROBE_PLUGINS_REDIS_REDIS_PROBE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "resp.h"
#include "stackprobe/plugin.h"

namespace stackprobe::redis {

/// Extra reason: AUTH was refused, or the server wants AUTH (NOAUTH).
inline constexpr const char* kReasonAuth = "auth";

/// Largest reply accepted, in bytes; a larger one is bad_body.
inline constexpr std::size_t kMaxReplyBytes = 1 << 20;

/// Probes one Redis server. Keeps no state between runs; Run is never
/// called concurrently on one object (plugin.h).
class RedisProbe final : public Probe {
 public:
  /// Parses the config (JSON text, validated against kConfigSchema) and
  /// reads `password_file` once; throws std::invalid_argument "key: ...".
  explicit RedisProbe(const std::string& config_json);

  /// Connects, authenticates, PINGs, reads INFO; never throws.
  ProbeResult Run(ProbeContext& context) override;

 private:
  ProbeResult RunUnguarded(ProbeContext& context);

  std::string host_;
  std::uint16_t port_ = 0;
  std::string unix_socket_;
  std::string username_;
  std::string password_;
};

}  // namespace stackprobe::redis

#endif  // STACKPROBE_PLUGINS_REDIS_REDIS_PROBE_H_
