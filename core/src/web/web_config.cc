// SPDX-License-Identifier: Apache-2.0
#include "web/web_config.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "config/json_schema.h"
#include "config/regular_file.h"
#include "config/yaml_json.h"
#include "web/basic_auth.h"

namespace stackprobe::web {
namespace {

using config::ConfigError;
using nlohmann::json;

// The keys and values of exporter-toolkit's web configuration; its
// cipher_suites, curve_preferences, prefer_server_cipher_suites and
// client_allowed_sans are not supported and so are unknown keys here.
constexpr std::string_view kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "tls_server_config": {
      "type": "object",
      "additionalProperties": false,
      "required": ["cert_file", "key_file"],
      "properties": {
        "cert_file": {"type": "string", "minLength": 1},
        "key_file": {"type": "string", "minLength": 1},
        "client_ca_file": {"type": "string", "default": ""},
        "client_auth_type": {
          "enum": ["NoClientCert", "RequestClientCert", "RequireAnyClientCert",
                   "VerifyClientCertIfGiven", "RequireAndVerifyClientCert"],
          "default": "NoClientCert"
        },
        "min_version": {"enum": ["TLS12", "TLS13"], "default": "TLS12"},
        "max_version": {"enum": ["TLS12", "TLS13"]}
      }
    },
    "basic_auth_users": {
      "type": "object",
      "propertyNames": {"type": "string", "minLength": 1, "pattern": "^[^:]*$"},
      "additionalProperties": {
        "type": "string",
        "pattern": "^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$"
      },
      "default": {}
    },
    "http_server_config": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "http2": {"type": "boolean"},
        "headers": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "Strict-Transport-Security": {"type": "string", "minLength": 1},
            "X-Content-Type-Options": {"enum": ["nosniff"]},
            "X-Frame-Options": {"enum": ["deny", "sameorigin"]},
            "X-XSS-Protection": {"type": "string", "minLength": 1},
            "Content-Security-Policy": {"type": "string", "minLength": 1}
          }
        }
      }
    }
  }
})";

const json& Schema() {
  static const json schema = json::parse(kSchema);
  return schema;
}

ClientAuth ClientAuthFrom(const std::string& name) {
  if (name == "RequestClientCert") return ClientAuth::kRequestClientCert;
  if (name == "RequireAnyClientCert") return ClientAuth::kRequireAnyClientCert;
  if (name == "VerifyClientCertIfGiven") {
    return ClientAuth::kVerifyClientCertIfGiven;
  }
  if (name == "RequireAndVerifyClientCert") {
    return ClientAuth::kRequireAndVerifyClientCert;
  }
  return ClientAuth::kNoClientCert;
}

TlsVersion VersionFrom(const std::string& name) {
  return name == "TLS13" ? TlsVersion::kTls13 : TlsVersion::kTls12;
}

std::string Resolve(const std::string& path, const std::string& base_dir) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) return path;
  return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

TlsServerConfig TlsFrom(const json& node, const std::string& file_label,
                        const std::string& base_dir) {
  TlsServerConfig tls;
  tls.cert_file = Resolve(node["cert_file"].get<std::string>(), base_dir);
  tls.key_file = Resolve(node["key_file"].get<std::string>(), base_dir);
  tls.client_ca_file =
      Resolve(node["client_ca_file"].get<std::string>(), base_dir);
  const std::string auth_name = node["client_auth_type"].get<std::string>();
  tls.client_auth = ClientAuthFrom(auth_name);
  tls.min_version = VersionFrom(node["min_version"].get<std::string>());
  if (node.contains("max_version")) {
    tls.max_version = VersionFrom(node["max_version"].get<std::string>());
  }
  const bool verifies =
      tls.client_auth == ClientAuth::kVerifyClientCertIfGiven ||
      tls.client_auth == ClientAuth::kRequireAndVerifyClientCert;
  if (verifies && tls.client_ca_file.empty()) {
    throw ConfigError(file_label +
                      ": tls_server_config.client_ca_file: required when "
                      "client_auth_type is \"" +
                      auth_name + "\"");
  }
  if (tls.max_version && *tls.max_version < tls.min_version) {
    throw ConfigError(file_label +
                      ": tls_server_config.max_version: expected a version "
                      "no older than min_version, got \"TLS12\"");
  }
  return tls;
}

}  // namespace

WebConfig ParseWebConfig(std::string_view text, const std::string& file_label,
                         const std::string& base_dir) {
  json document = config::YamlToJson(text, file_label);
  if (auto error = config::ValidateAndFillDefaults(Schema(), document, "")) {
    throw ConfigError(file_label + ": " + *error);
  }
  WebConfig web;
  if (document.contains("tls_server_config")) {
    web.tls = TlsFrom(document["tls_server_config"], file_label, base_dir);
  }
  for (const auto& [user, hash] : document["basic_auth_users"].items()) {
    std::string hash_text = hash.get<std::string>();
    const int cost = BcryptCost(hash_text).value_or(0);
    if (cost < kMinBcryptCost || cost > kMaxBcryptCost) {
      throw ConfigError(
          file_label + ": basic_auth_users." + user + ": expected a bcrypt " +
          "cost from " + std::to_string(kMinBcryptCost) + " to " +
          std::to_string(kMaxBcryptCost) + ", got " + std::to_string(cost) +
          " (make the hash with `htpasswd -nBC 10 " + user + "`)");
    }
    web.basic_auth_users[user] = std::move(hash_text);
  }
  if (document.contains("http_server_config") &&
      document["http_server_config"].contains("headers")) {
    for (const auto& [name, value] :
         document["http_server_config"]["headers"].items()) {
      web.headers.emplace_back(name, value.get<std::string>());
    }
  }
  return web;
}

WebConfig LoadWebConfigFile(const std::string& path) {
  const std::string text =
      config::ReadRegularFile(path, config::kMaxConfigFileBytes);
  const std::string base_dir =
      std::filesystem::path(path).parent_path().string();
  return ParseWebConfig(text, path, base_dir);
}

}  // namespace stackprobe::web
