// SPDX-License-Identifier: Apache-2.0
//
// The http plugin's config: parsed and checked once, when the probe is
// created.
#ifndef STACKPROBE_PLUGINS_HTTP_HTTP_CONFIG_H_
#define STACKPROBE_PLUGINS_HTTP_HTTP_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "json_assertion.h"

namespace stackprobe::plugins::http {

/// Extra reason of this plugin: the answer was good but slower than
/// degraded_after (state degraded).
inline constexpr const char* kReasonSlow = "slow";

/// A configured body pattern: its config path, source text and compiled form.
struct BodyPattern {
  std::string where;    ///< e.g. "body_must_match[1]".
  std::string pattern;  ///< As configured.
  std::shared_ptr<const RE2> regex;
};

/// The parsed config (see README.md for every key and default).
struct HttpProbeConfig {
  std::string url;
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<long> valid_status_codes;  ///< Empty: any 2xx.
  std::vector<BodyPattern> body_must_match;
  std::vector<BodyPattern> body_must_not_match;
  std::vector<JsonAssertion> json_assertions;
  std::chrono::milliseconds degraded_after{0};  ///< Zero: never degraded.
  bool verify_tls = false;
  std::string ca_file;
  std::size_t max_body_bytes = 0;
  bool follow_redirects = false;
};

/// Reads the config the host passes (validated against kHttpConfigSchema,
/// every default filled in). Throws std::invalid_argument("key: expected
/// ..., got ...") for what the schema cannot express: a body pattern RE2
/// does not accept, a JSON assertion whose value does not suit its op.
HttpProbeConfig ParseHttpProbeConfig(const std::string& config_json);

}  // namespace stackprobe::plugins::http

#endif  // STACKPROBE_PLUGINS_HTTP_HTTP_CONFIG_H_
