// SPDX-License-Identifier: Apache-2.0
#include "web/web_config_watcher.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "config/config_error.h"
#include "test_pki.h"

namespace stackprobe::web {
namespace {

using std::chrono::milliseconds;

class WebConfigWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/stackprobe-web-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    pki_ = std::make_unique<testing::TestPki>(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    // Written aside and renamed, as certificate tools do.
    const std::string path = dir_ + "/" + name;
    std::ofstream(path + ".new") << text;
    std::filesystem::rename(path + ".new", path);
    return path;
  }

  static long SerialOf(const http::SecurityPolicy& policy) {
    X509* cert = SSL_CTX_get0_certificate(policy.tls.get());
    return ASN1_INTEGER_get(X509_get0_serialNumber(cert));
  }

  std::string dir_;
  std::unique_ptr<testing::TestPki> pki_;
};

TEST_F(WebConfigWatcherTest, BuildsTlsAuthAndHeaders) {
  pki_->Issue("server", true, 11);
  const std::string path = Write(
      "web.yml",
      "tls_server_config: {cert_file: server.crt, key_file: server.key}\n"
      "basic_auth_users: {u: "
      "$2a$10$CCCCCCCCCCCCCCCCCCCCC.KgQljzbljH4iwhlg3oTf8buusOTZRX6}\n"
      "http_server_config: {headers: {X-Content-Type-Options: nosniff}}\n");
  WebConfigWatcher watcher(path);
  const auto policy = watcher.Current();
  ASSERT_NE(policy->tls, nullptr);
  EXPECT_EQ(SerialOf(*policy), 11);
  ASSERT_NE(policy->authenticator, nullptr);
  ASSERT_EQ(policy->headers.size(), 1u);
  EXPECT_EQ(policy->headers[0].first, "X-Content-Type-Options");
}

TEST_F(WebConfigWatcherTest, StartRefusesUnusableFiles) {
  pki_->Issue("server", true, 11);
  pki_->Issue("other", true, 12);
  const std::string path = Write(
      "web.yml",
      "tls_server_config: {cert_file: server.crt, key_file: other.key}\n");
  try {
    WebConfigWatcher watcher(path);
    FAIL() << "mismatched key accepted";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(dir_ + "/other.key: "),
              std::string::npos)
        << e.what();
  }
  Write("web.yml", "tls_server_config: {cert_file: nope.crt, key_file: k}\n");
  EXPECT_THROW(WebConfigWatcher{path}, config::ConfigError);
}

TEST_F(WebConfigWatcherTest, RotatedCertificateIsPickedUp) {
  pki_->Issue("server", true, 21);
  const std::string path = Write(
      "web.yml",
      "tls_server_config: {cert_file: server.crt, key_file: server.key}\n");
  WebConfigWatcher watcher(path, milliseconds(0));
  const auto first = watcher.Current();
  EXPECT_EQ(watcher.Current(), first) << "nothing changed: same policy";
  pki_->Issue("server", true, 22);
  const auto second = watcher.Current();
  EXPECT_EQ(SerialOf(*second), 22);
  EXPECT_EQ(watcher.Reloads(), 1u);
  EXPECT_EQ(SerialOf(*first), 21) << "connections keep their policy";
}

TEST_F(WebConfigWatcherTest, BrokenChangeKeepsThePreviousSettings) {
  pki_->Issue("server", true, 31);
  const std::string path = Write(
      "web.yml",
      "tls_server_config: {cert_file: server.crt, key_file: server.key}\n");
  WebConfigWatcher watcher(path, milliseconds(0));
  const auto good = watcher.Current();
  Write("web.yml", "tls_server_config: {cert_file: server.crt}\n");
  EXPECT_EQ(watcher.Current(), good);
  EXPECT_EQ(watcher.FailedReloads(), 1u);
  EXPECT_EQ(watcher.Current(), good);
  EXPECT_EQ(watcher.FailedReloads(), 1u) << "not retried until it changes";
  // A certificate whose key has not been replaced yet: also kept out.
  Write("web.yml",
        "tls_server_config: {cert_file: server.crt, key_file: server.key}\n"
        "http_server_config: {headers: {X-Frame-Options: deny}}\n");
  const auto fixed = watcher.Current();
  EXPECT_NE(fixed, good);
  EXPECT_EQ(fixed->headers.size(), 1u);
  std::filesystem::copy_file(pki_->ca_cert(), dir_ + "/server.crt.new");
  std::filesystem::rename(dir_ + "/server.crt.new", dir_ + "/server.crt");
  EXPECT_EQ(watcher.Current(), fixed);
  EXPECT_EQ(watcher.FailedReloads(), 2u);
}

TEST_F(WebConfigWatcherTest, AReloadNeverSwitchesProtectionOff) {
  pki_->Issue("server", true, 41);
  const std::string protected_config =
      "tls_server_config: {cert_file: server.crt, key_file: server.key}\n"
      "basic_auth_users: {u: "
      "$2a$10$CCCCCCCCCCCCCCCCCCCCC.KgQljzbljH4iwhlg3oTf8buusOTZRX6}\n";
  const std::string path = Write("web.yml", protected_config);
  WebConfigWatcher watcher(path, milliseconds(0));
  const auto good = watcher.Current();
  ASSERT_NE(good->tls, nullptr);
  ASSERT_NE(good->authenticator, nullptr);
  // Emptied, cut after the TLS section, cut before it, replaced by only
  // headers, removed: every one keeps TLS and basic auth on.
  const std::vector<std::string> shrunk = {
      "", "tls_server_config: {cert_file: server.crt, key_file: server.key}\n",
      "basic_auth_users: {u: "
      "$2a$10$CCCCCCCCCCCCCCCCCCCCC.KgQljzbljH4iwhlg3oTf8buusOTZRX6}\n",
      "http_server_config: {headers: {X-Frame-Options: deny}}\n"};
  std::uint64_t failures = 0;
  for (const std::string& text : shrunk) {
    SCOPED_TRACE(text);
    Write("web.yml", text);
    const auto now = watcher.Current();
    EXPECT_EQ(now, good);
    EXPECT_NE(now->tls, nullptr);
    EXPECT_NE(now->authenticator, nullptr);
    EXPECT_EQ(watcher.FailedReloads(), ++failures);
  }
  std::filesystem::remove(path);
  EXPECT_EQ(watcher.Current(), good);
  EXPECT_EQ(watcher.FailedReloads(), ++failures);
  // The full file again is taken (a new policy, same protection).
  Write("web.yml", protected_config);
  const auto back = watcher.Current();
  EXPECT_NE(back, good);
  EXPECT_NE(back->tls, nullptr);
  EXPECT_NE(back->authenticator, nullptr);
}

TEST_F(WebConfigWatcherTest, ChecksAtMostOncePerInterval) {
  const std::string path = Write("web.yml", "");
  WebConfigWatcher watcher(path, std::chrono::hours(1));
  const auto first = watcher.Current();
  Write("web.yml", "http_server_config: {headers: {X-Frame-Options: deny}}\n");
  EXPECT_EQ(watcher.Current(), first);
  EXPECT_EQ(watcher.Reloads(), 0u);
}

}  // namespace
}  // namespace stackprobe::web
