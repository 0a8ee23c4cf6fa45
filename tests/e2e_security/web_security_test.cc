// SPDX-License-Identifier: Apache-2.0
//
// `stackprobe serve --web.config.file`: TLS with a test CA, client
// certificates, basic auth, certificate rotation without a restart, and
// clients speaking the wrong protocol, against the real binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "daemon_process.h"
#include "host/http_client.h"
#include "secure_daemon.h"
#include "test_pki.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Password "U*U" at cost 10 (the salt of crypt_blowfish's test vector).
constexpr char kHash[] =
    "$2a$10$CCCCCCCCCCCCCCCCCCCCC.KgQljzbljH4iwhlg3oTf8buusOTZRX6";
// "prometheus:U*U", "prometheus:U*V" in base64.
constexpr char kRightAuth[] = "Basic cHJvbWV0aGV1czpVKlU=";
constexpr char kWrongAuth[] = "Basic cHJvbWV0aGV1czpVKlY=";

const host::HttpClient& Client() {
  static const host::HttpClient client;
  return client;
}

HttpResponse Get(
    const std::string& url, const std::string& ca_file,
    std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest request;
  request.url = url;
  request.ca_file = ca_file;
  request.headers = std::move(headers);
  request.timeout = std::chrono::seconds(5);
  request.max_body_bytes = 16 << 20;
  return Client().Perform(request, Clock::now() + std::chrono::seconds(5));
}

// The HTTP status curl saw ("000" when there was no response) and its exit.
CommandOutcome Curl(std::vector<std::string> args) {
  std::vector<std::string> argv = {"curl",       "-sS", "-o",
                                   "/dev/null",  "-w",  "%{http_code}",
                                   "--max-time", "5"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(argv, milliseconds(10000));
}

class WebSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new TempDir();
    pki_ = new web::testing::TestPki(pki_dir_->path());
    server_ = pki_->Issue("server", /*server=*/true, 1001);
    client_ = pki_->Issue("client", /*server=*/false, 2001);
    other_pki_ = new web::testing::TestPki(pki_dir_->path(), "other-ca");
    stranger_ = other_pki_->Issue("stranger", /*server=*/false, 3001);
  }
  static void TearDownTestSuite() {
    delete other_pki_;
    delete pki_;
    delete pki_dir_;
  }

  // Starts serve with `web_yml` (none when empty); `ready_url` is polled
  // with `ready_headers` through the test CA until it answers 200.
  void Start(
      const std::string& web_yml, const std::string& scheme,
      std::vector<std::pair<std::string, std::string>> ready_headers = {},
      std::function<bool()> ready = nullptr) {
    port_ = FreeLoopbackPort();
    const std::string plugins = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins);
    std::filesystem::copy_file(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/good_probe.so",
        plugins + "/good_probe.so");
    const std::string config = dir_.Write(
        "stackprobe.yml",
        "listen: [\"127.0.0.1:" + std::to_string(port_) + "\"]\n" +
            "plugin_dirs: [\"" + plugins + "\"]\n" +
            "probes:\n  - {name: good, plugin: good_probe, interval: 1s}\n");
    std::vector<std::string> args = {"--config", config, "serve"};
    if (!web_yml.empty()) {
      args.push_back("--web.config.file");
      args.push_back(dir_.Write("web.yml", web_yml));
    }
    base_ = scheme + "://127.0.0.1:" + std::to_string(port_);
    if (!ready) {
      ready = [&] {
        return Get(base_ + "/-/ready", pki_->ca_cert(), ready_headers).status ==
               200;
      };
    }
    daemon_ = std::make_unique<SecureDaemon>(args, ready);
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  std::string TlsYaml(const std::string& extra = "") const {
    return "tls_server_config:\n  cert_file: " + server_.cert +
           "\n  key_file: " + server_.key + "\n" + extra;
  }

  static TempDir* pki_dir_;
  static web::testing::TestPki* pki_;
  static web::testing::TestPki* other_pki_;
  static web::testing::CertFiles server_;
  static web::testing::CertFiles client_;
  static web::testing::CertFiles stranger_;

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::string base_;
  std::unique_ptr<SecureDaemon> daemon_;
};

TempDir* WebSecurityTest::pki_dir_ = nullptr;
web::testing::TestPki* WebSecurityTest::pki_ = nullptr;
web::testing::TestPki* WebSecurityTest::other_pki_ = nullptr;
web::testing::CertFiles WebSecurityTest::server_;
web::testing::CertFiles WebSecurityTest::client_;
web::testing::CertFiles WebSecurityTest::stranger_;

TEST_F(WebSecurityTest, TlsServesClientsThatTrustTheCa) {
  Start(TlsYaml(), "https");
  const auto trusted = Get(base_ + "/metrics", pki_->ca_cert());
  ASSERT_EQ(trusted.status, 200) << trusted.error_message;
  EXPECT_NE(trusted.body.find("stackprobe_probe_success{probe=\"good\"}"),
            std::string::npos);
  EXPECT_GT(trusted.tls_not_after, 0);
  const auto untrusting = Get(base_ + "/metrics", "");
  EXPECT_EQ(untrusting.status, 0);
  EXPECT_EQ(untrusting.error, HttpError::kTls) << untrusting.error_message;
}

TEST_F(WebSecurityTest, PlainHttpToTheTlsListenerFailsCleanly) {
  Start(TlsYaml(), "https");
  const std::string plain = "http://127.0.0.1:" + std::to_string(port_);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(Get(plain + "/metrics", "").status, 200);
  }
  const auto after = Get(base_ + "/metrics", pki_->ca_cert());
  ASSERT_EQ(after.status, 200) << "the server was harmed: " << daemon_->Log();
  EXPECT_NE(after.body.find("stackprobe_http_tls_handshake_failures_total 3"),
            std::string::npos)
      << after.body;
}

TEST_F(WebSecurityTest, HttpsToAPlainListenerFailsCleanly) {
  Start("", "http");
  const std::string tls = "https://127.0.0.1:" + std::to_string(port_);
  for (int i = 0; i < 3; ++i) {
    const auto answer = Get(tls + "/metrics", pki_->ca_cert());
    EXPECT_EQ(answer.status, 0);
    EXPECT_NE(answer.error, HttpError::kNone);
  }
  EXPECT_EQ(Get(base_ + "/metrics", "").status, 200) << daemon_->Log();
}

TEST_F(WebSecurityTest, MutualTlsNeedsACertificateFromTheClientCa) {
  const auto with_certificate = [&](const std::string& url) {
    return Curl({"--cacert", pki_->ca_cert(), "--cert", client_.cert, "--key",
                 client_.key, url});
  };
  Start(TlsYaml("  client_ca_file: " + pki_->ca_cert() +
                "\n  client_auth_type: RequireAndVerifyClientCert\n"),
        "https", {},
        [&] { return with_certificate(base_ + "/-/ready").out == "200"; });
  const std::string url = base_ + "/metrics";
  const auto with = Curl({"--cacert", pki_->ca_cert(), "--cert", client_.cert,
                          "--key", client_.key, url});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, "200");
  const auto without = Curl({"--cacert", pki_->ca_cert(), url});
  EXPECT_NE(without.exit_code, 0);
  EXPECT_EQ(without.out, "000");
  const auto stranger = Curl({"--cacert", pki_->ca_cert(), "--cert",
                              stranger_.cert, "--key", stranger_.key, url});
  EXPECT_NE(stranger.exit_code, 0);
  EXPECT_EQ(stranger.out, "000");
  const auto again = Curl({"--cacert", pki_->ca_cert(), "--cert", client_.cert,
                           "--key", client_.key, url});
  EXPECT_EQ(again.out, "200") << again.err;
}

TEST_F(WebSecurityTest, BasicAuthGuardsEveryEndpoint) {
  Start(TlsYaml(std::string("basic_auth_users:\n  prometheus: ") + kHash +
                "\nhttp_server_config:\n  headers:\n"
                "    X-Content-Type-Options: nosniff\n"),
        "https", {{"Authorization", kRightAuth}});
  for (const std::string path :
       {"/metrics", "/-/ready", "/probe?probe=good", "/", "/no-such-path"}) {
    const auto none = Get(base_ + path, pki_->ca_cert());
    EXPECT_EQ(none.status, 401) << path;
    bool challenged = false;
    for (const auto& [name, value] : none.headers) {
      challenged = challenged || (name == "www-authenticate" &&
                                  value == "Basic realm=\"stackprobe\"");
    }
    EXPECT_TRUE(challenged) << path;
    EXPECT_EQ(
        Get(base_ + path, pki_->ca_cert(), {{"Authorization", kWrongAuth}})
            .status,
        401)
        << path;
  }
  const auto right =
      Get(base_ + "/metrics", pki_->ca_cert(), {{"Authorization", kRightAuth}});
  ASSERT_EQ(right.status, 200);
  bool nosniff = false;
  for (const auto& [name, value] : right.headers) {
    nosniff =
        nosniff || (name == "x-content-type-options" && value == "nosniff");
  }
  EXPECT_TRUE(nosniff);
  EXPECT_NE(right.body.find("stackprobe_http_auth_failures_total 10"),
            std::string::npos);
}

TEST_F(WebSecurityTest, RotatedCertificateIsServedWithoutRestart) {
  // The daemon reads copies, so the rotation does not touch other tests.
  const std::string cert = dir_.path() + "/tls.crt";
  const std::string key = dir_.path() + "/tls.key";
  std::filesystem::copy_file(server_.cert, cert);
  std::filesystem::copy_file(server_.key, key);
  Start("tls_server_config: {cert_file: tls.crt, key_file: tls.key}\n",
        "https");
  const auto before = Get(base_ + "/metrics", pki_->ca_cert());
  ASSERT_EQ(before.status, 200);
  // A new certificate with another serial, valid one day longer. Renamed
  // into place one file at a time, as certificate tools do: in between the
  // key does not match and the old pair must stay in use.
  const auto renewed = pki_->Issue("renewed", true, 1002, /*days=*/2);
  std::filesystem::copy_file(renewed.cert, cert + ".new");
  std::filesystem::rename(cert + ".new", cert);
  EXPECT_EQ(Get(base_ + "/metrics", pki_->ca_cert()).status, 200);
  std::filesystem::copy_file(renewed.key, key + ".new");
  std::filesystem::rename(key + ".new", key);
  std::int64_t served = before.tls_not_after;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (served == before.tls_not_after && Clock::now() < deadline) {
    const auto now = Get(base_ + "/metrics", pki_->ca_cert());
    ASSERT_EQ(now.status, 200) << now.error_message;
    served = now.tls_not_after;
  }
  EXPECT_GE(served - before.tls_not_after, 86400 - 60) << daemon_->Log();
  EXPECT_NE(daemon_->Log().find("event=web_config_reloaded"),
            std::string::npos);
}

TEST_F(WebSecurityTest, AWebConfigEmptiedWhileRunningKeepsTlsAndAuth) {
  Start(
      TlsYaml(std::string("basic_auth_users:\n  prometheus: ") + kHash + "\n"),
      "https", {{"Authorization", kRightAuth}});
  // Emptied in place (an editor's truncate, a failed deploy): protection
  // must not drop, now or after the next check (once a second).
  dir_.Write("web.yml", "");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Get(base_ + "/metrics", pki_->ca_cert()).status, 401);
    const auto plain =
        Get("http://127.0.0.1:" + std::to_string(port_) + "/metrics", "");
    EXPECT_NE(plain.status, 200) << "served without TLS";
  }
  const auto metrics =
      Get(base_ + "/metrics", pki_->ca_cert(), {{"Authorization", kRightAuth}});
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("stackprobe_web_config_reload_failures_total 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(daemon_->Log().find("level=error event=web_config_reload_failed"),
            std::string::npos)
      << daemon_->Log();
}

TEST_F(WebSecurityTest, BrokenWebConfigStopsTheStart) {
  const std::string web =
      dir_.Write("web.yml",
                 "tls_server_config: {cert_file: a, key_file: b, "
                 "min_version: TLS10}\n");
  const auto outcome =
      RunToCompletion({STACKPROBE_BINARY, "--config",
                       dir_.Write("stackprobe.yml", "probes: []\n"), "serve",
                       "--web.config.file", web},
                      milliseconds(10000));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(
      outcome.err.find(web + ": tls_server_config.min_version: expected "
                             "one of \"TLS12\", \"TLS13\", got \"TLS10\""),
      std::string::npos)
      << outcome.err;
}

}  // namespace
}  // namespace stackprobe::testing
