// SPDX-License-Identifier: Apache-2.0
//
// The web config file of `stackprobe serve --web.config.file`: TLS, basic
// auth and extra response headers, in the format of the Prometheus
// exporter-toolkit (github.com/prometheus/exporter-toolkit, docs/web-
// configuration.md), so one file can serve Prometheus' exporters and us.
#ifndef STACKPROBE_WEB_WEB_CONFIG_H_
#define STACKPROBE_WEB_WEB_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stackprobe::web {

/// tls_server_config.client_auth_type, named as in Go's crypto/tls.
enum class ClientAuth {
  kNoClientCert,                ///< No certificate asked for.
  kRequestClientCert,           ///< Asked for, not required, not verified.
  kRequireAnyClientCert,        ///< Required, not verified.
  kVerifyClientCertIfGiven,     ///< Not required; verified when sent.
  kRequireAndVerifyClientCert,  ///< Required and verified (mTLS).
};

/// A TLS protocol version.
enum class TlsVersion { kTls12, kTls13 };

/// tls_server_config. File paths are absolute (resolved against the web
/// config's folder when relative).
struct TlsServerConfig {
  std::string cert_file;       ///< PEM certificate chain, leaf first.
  std::string key_file;        ///< PEM private key of the leaf.
  std::string client_ca_file;  ///< PEM CAs for client certificates; may be "".
  ClientAuth client_auth = ClientAuth::kNoClientCert;
  TlsVersion min_version = TlsVersion::kTls12;
  std::optional<TlsVersion> max_version;  ///< nullopt: the newest.
};

/// A whole web config. Plain data.
struct WebConfig {
  std::optional<TlsServerConfig> tls;  ///< nullopt: plain HTTP.
  /// User name to bcrypt hash ($2a$, $2b$ or $2y$). Empty: no authentication.
  std::map<std::string, std::string> basic_auth_users;
  /// http_server_config.headers: added to every response.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Parses web config text (YAML; JSON works too). Unknown keys are errors.
/// Relative file paths are resolved against `base_dir`. Throws
/// config::ConfigError `file_label: json.path: expected ..., got ...`, e.g.
/// `web.yml: tls_server_config.min_version: expected one of "TLS12",
/// "TLS13", got "TLS10"`. Reads no files. Pure; thread-safe.
WebConfig ParseWebConfig(std::string_view text, const std::string& file_label,
                         const std::string& base_dir);

/// Reads and parses the file at `path` (see ParseWebConfig; the label is
/// `path`). Throws config::ConfigError, also when the file cannot be read
/// or is not a regular file (config::ReadRegularFile).
WebConfig LoadWebConfigFile(const std::string& path);

}  // namespace stackprobe::web

#endif  // STACKPROBE_WEB_WEB_CONFIG_H_
