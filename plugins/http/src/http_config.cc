// SPDX-License-Identifier: Apache-2.0
#include "http_config.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::plugins::http {
namespace {

// Compiles the RE2 patterns of a list; the schema cannot say what RE2
// accepts.
std::vector<BodyPattern> ReadPatterns(const sdk::ConfigReader& config,
                                      const char* key) {
  std::vector<BodyPattern> patterns;
  const std::vector<std::string> texts = config.Strings(key);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    patterns.push_back(
        BodyPattern{where, texts[i], CompilePattern(texts[i], where)});
  }
  return patterns;
}

}  // namespace

HttpProbeConfig ParseHttpProbeConfig(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  HttpProbeConfig out;
  out.url = config.String("url");
  out.method = config.String("method");
  for (auto& [name, value] : config.StringMap("headers")) {
    out.headers.emplace_back(name, std::move(value));
  }
  out.body = config.String("body");
  for (const nlohmann::json& code : config.Json("valid_status_codes")) {
    out.valid_status_codes.push_back(code.get<long>());
  }
  out.body_must_match = ReadPatterns(config, "body_must_match");
  out.body_must_not_match = ReadPatterns(config, "body_must_not_match");
  out.json_assertions = ParseJsonAssertions(config.Json("json_assertions"));
  out.degraded_after = config.Duration("degraded_after");
  out.verify_tls = config.Boolean("verify_tls");
  out.ca_file = config.String("ca_file");
  out.follow_redirects = config.Boolean("follow_redirects");
  out.max_body_bytes =
      static_cast<std::size_t>(config.Integer("max_body_bytes"));
  return out;
}

}  // namespace stackprobe::plugins::http
