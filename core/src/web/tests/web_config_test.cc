// SPDX-License-Identifier: Apache-2.0
#include "web/web_config.h"

#include <gtest/gtest.h>

#include "config/config_error.h"

namespace stackprobe::web {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseWebConfig(text, "web.yml", "/etc/stackprobe");
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(WebConfigTest, EmptyFileMeansPlainHttpWithoutAuth) {
  const WebConfig web = ParseWebConfig("", "web.yml", "/etc");
  EXPECT_FALSE(web.tls.has_value());
  EXPECT_TRUE(web.basic_auth_users.empty());
  EXPECT_TRUE(web.headers.empty());
}

TEST(WebConfigTest, ReadsEveryExporterToolkitSetting) {
  const WebConfig web = ParseWebConfig(R"(
tls_server_config:
  cert_file: server.crt
  key_file: /abs/server.key
  client_ca_file: ca/clients.pem
  client_auth_type: RequireAndVerifyClientCert
  min_version: TLS13
  max_version: TLS13
basic_auth_users:
  prometheus: $2y$10$6.0yvRf1nZEt5qVpRL1QreGQjFPnw5lsO7E/LKj3Mvay6vQSALCHq
http_server_config:
  http2: true
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
)",
                                       "web.yml", "/etc/stackprobe");
  ASSERT_TRUE(web.tls.has_value());
  EXPECT_EQ(web.tls->cert_file, "/etc/stackprobe/server.crt");
  EXPECT_EQ(web.tls->key_file, "/abs/server.key");
  EXPECT_EQ(web.tls->client_ca_file, "/etc/stackprobe/ca/clients.pem");
  EXPECT_EQ(web.tls->client_auth, ClientAuth::kRequireAndVerifyClientCert);
  EXPECT_EQ(web.tls->min_version, TlsVersion::kTls13);
  ASSERT_TRUE(web.tls->max_version.has_value());
  EXPECT_EQ(*web.tls->max_version, TlsVersion::kTls13);
  EXPECT_EQ(web.basic_auth_users.at("prometheus").substr(0, 7), "$2y$10$");
  ASSERT_EQ(web.headers.size(), 2u);
}

TEST(WebConfigTest, BcryptCostsOutsideTenToFourteenAreRefused) {
  // htpasswd -B makes cost 5: cheap to crack. Cost 31 would hold a
  // password-check thread for hours per wrong password.
  EXPECT_EQ(
      ErrorOf("basic_auth_users: {alice: "
              "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW}"),
      "web.yml: basic_auth_users.alice: expected a bcrypt cost from 10 to "
      "14, got 5 (make the hash with `htpasswd -nBC 10 alice`)");
  EXPECT_NE(
      ErrorOf("basic_auth_users: {bob: "
              "$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW}")
          .find("basic_auth_users.bob: expected a bcrypt cost from 10 to 14, "
                "got 31"),
      std::string::npos);
  EXPECT_EQ(
      ErrorOf("basic_auth_users: {carol: "
              "$2a$14$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW}"),
      "");
}

TEST(WebConfigTest, DefaultsAreTls12AndNoClientCert) {
  const WebConfig web =
      ParseWebConfig("tls_server_config: {cert_file: a.crt, key_file: a.key}",
                     "web.yml", "/d");
  ASSERT_TRUE(web.tls.has_value());
  EXPECT_EQ(web.tls->min_version, TlsVersion::kTls12);
  EXPECT_FALSE(web.tls->max_version.has_value());
  EXPECT_EQ(web.tls->client_auth, ClientAuth::kNoClientCert);
  EXPECT_EQ(web.tls->client_ca_file, "");
}

TEST(WebConfigTest, ErrorsNameTheFileThePathAndTheExpectation) {
  EXPECT_EQ(ErrorOf("tls_server_config: {cert_file: a, key_file: b, "
                    "min_version: TLS10}"),
            "web.yml: tls_server_config.min_version: expected one of "
            "\"TLS12\", \"TLS13\", got \"TLS10\"");
  EXPECT_NE(ErrorOf("tls_server_config: {cert_file: a}")
                .find("tls_server_config: missing required key \"key_file\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("tls_server_config: {cert_file: a, key_file: b, "
                    "client_auth_type: Sometimes}")
                .find("tls_server_config.client_auth_type: expected one of"),
            std::string::npos);
  EXPECT_NE(ErrorOf("basic_auth_users: {alice: plaintext}")
                .find("web.yml: basic_auth_users.alice: expected"),
            std::string::npos);
  EXPECT_NE(ErrorOf("cipher_suites: []").find("unknown key \"cipher_suites\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("http_server_config: {headers: {Server: x}}")
                .find("unknown key \"Server\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("tls_server_config: [").find("web.yml:1:"),
            std::string::npos);
}

TEST(WebConfigTest, VerifyingClientsNeedsTheirCa) {
  EXPECT_EQ(ErrorOf("tls_server_config: {cert_file: a, key_file: b, "
                    "client_auth_type: RequireAndVerifyClientCert}"),
            "web.yml: tls_server_config.client_ca_file: required when "
            "client_auth_type is \"RequireAndVerifyClientCert\"");
  EXPECT_NE(ErrorOf("tls_server_config: {cert_file: a, key_file: b, "
                    "min_version: TLS13, max_version: TLS12}")
                .find("tls_server_config.max_version"),
            std::string::npos);
}

TEST(WebConfigTest, UnreadableFileIsAConfigError) {
  try {
    LoadWebConfigFile("/nonexistent/web.yml");
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/web.yml: cannot read: No such file or directory");
  }
}

}  // namespace
}  // namespace stackprobe::web
