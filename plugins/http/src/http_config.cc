// SPDX-License-Identifier: Apache-2.0
#include "http_config.h"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "stackprobe/plugin_common/text.h"
#include "stackprobe/sdk/duration.h"

namespace stackprobe::plugins::http {
namespace {

using nlohmann::json;
using plugin_common::TruncateUtf8;

constexpr std::array<std::string_view, 7> kMethods{
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
// Bounds the memory one probe run may hold for a body.
constexpr std::size_t kMaxBodyCap = 64U << 20;

std::string Show(const json& value) {
  return TruncateUtf8(
      value.dump(-1, ' ', false, json::error_handler_t::replace), 60);
}

[[noreturn]] void Fail(const std::string& where, const std::string& expected,
                       const json& got) {
  throw std::invalid_argument(where + ": expected " + expected + ", got " +
                              Show(got));
}

std::string GetString(const json& config, const char* key,
                      const std::string& fallback) {
  if (!config.contains(key)) return fallback;
  const json& value = config[key];
  if (!value.is_string()) Fail(key, "a string", value);
  return value.get<std::string>();
}

bool GetBool(const json& config, const char* key, bool fallback) {
  if (!config.contains(key)) return fallback;
  const json& value = config[key];
  if (!value.is_boolean()) Fail(key, "true or false", value);
  return value.get<bool>();
}

std::vector<BodyPattern> GetPatterns(const json& config, const char* key) {
  std::vector<BodyPattern> patterns;
  if (!config.contains(key)) return patterns;
  const json& list = config[key];
  if (!list.is_array()) Fail(key, "an array of patterns", list);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) Fail(where, "a pattern string", list[i]);
    const auto& text = list[i].get_ref<const std::string&>();
    patterns.push_back(BodyPattern{where, text, CompilePattern(text, where)});
  }
  return patterns;
}

}  // namespace

HttpProbeConfig ParseHttpProbeConfig(const std::string& config_json) {
  json config;
  try {
    config = json::parse(config_json);
  } catch (const json::exception& e) {
    throw std::invalid_argument(
        std::string("config: expected a JSON object (") + e.what() + ")");
  }
  if (!config.is_object()) Fail("config", "an object", config);

  HttpProbeConfig out;
  if (!config.contains("url"))
    Fail("url", "an http:// or https:// URL", json());
  out.url = GetString(config, "url", "");
  if (out.url.rfind("http://", 0) != 0 && out.url.rfind("https://", 0) != 0) {
    Fail("url", "an http:// or https:// URL", config["url"]);
  }

  out.method = GetString(config, "method", out.method);
  bool known_method = false;
  for (auto method : kMethods) known_method |= method == out.method;
  if (!known_method) {
    Fail("method", "one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
         config["method"]);
  }

  if (config.contains("headers")) {
    const json& headers = config["headers"];
    if (!headers.is_object()) Fail("headers", "an object of strings", headers);
    for (const auto& [name, value] : headers.items()) {
      if (!value.is_string()) Fail("headers." + name, "a string", value);
      // A CR or LF would let a config smuggle a second header or request.
      const auto& text = value.get_ref<const std::string&>();
      if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos) {
        Fail("headers." + name, "a header name without ':', spaces or newlines",
             json(name));
      }
      if (text.find_first_of("\r\n") != std::string::npos) {
        Fail("headers." + name, "a value without newlines", value);
      }
      out.headers.emplace_back(name, text);
    }
  }
  out.body = GetString(config, "body", "");

  if (config.contains("valid_status_codes")) {
    const json& codes = config["valid_status_codes"];
    if (!codes.is_array()) Fail("valid_status_codes", "an array", codes);
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const json& code = codes[i];
      if (!code.is_number_integer() || code.get<long>() < 100 ||
          code.get<long>() > 599) {
        Fail("valid_status_codes[" + std::to_string(i) + "]",
             "an integer 100..599", code);
      }
      out.valid_status_codes.push_back(code.get<long>());
    }
  }

  out.body_must_match = GetPatterns(config, "body_must_match");
  out.body_must_not_match = GetPatterns(config, "body_must_not_match");
  if (config.contains("json_assertions")) {
    out.json_assertions = ParseJsonAssertions(config["json_assertions"]);
  }

  const std::string degraded_after = GetString(config, "degraded_after", "0s");
  const auto parsed = sdk::ParseDuration(degraded_after);
  if (!parsed) {
    Fail("degraded_after", "a duration such as \"500ms\" or \"2s\"",
         json(degraded_after));
  }
  out.degraded_after = *parsed;

  out.verify_tls = GetBool(config, "verify_tls", out.verify_tls);
  out.ca_file = GetString(config, "ca_file", "");
  out.follow_redirects = GetBool(config, "follow_redirects", false);
  if (config.contains("max_body_bytes")) {
    const json& cap = config["max_body_bytes"];
    if (!cap.is_number_unsigned() || cap.get<std::size_t>() < 1 ||
        cap.get<std::size_t>() > kMaxBodyCap) {
      Fail("max_body_bytes", "an integer 1..67108864", cap);
    }
    out.max_body_bytes = cap.get<std::size_t>();
  }
  return out;
}

}  // namespace stackprobe::plugins::http
