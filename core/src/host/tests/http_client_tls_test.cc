// SPDX-License-Identifier: Apache-2.0
//
// HTTPS through the client against a throw-away TLS server whose
// certificate is made here, so its expiry date is known.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "host/http_client.h"
#include "support/test_http_server.h"

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// 2030-12-31T23:59:59Z.
constexpr std::int64_t kNotAfter = 1924991999;

// A self-signed certificate for 127.0.0.1 and localhost, and its key.
struct Certificate {
  Certificate() {
    key = EVP_EC_gen("P-256");
    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    ASN1_TIME_set_string(X509_getm_notAfter(cert), "20301231235959Z");
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC,
        reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX context;
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(
        nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_sign(cert, key, EVP_sha256());
  }
  ~Certificate() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  void WritePem(const std::string& path) const {
    FILE* file = std::fopen(path.c_str(), "w");
    PEM_write_X509(file, cert);
    std::fclose(file);
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
};

// Answers `connections` HTTPS connections with 200 "ok", one at a time.
class TlsServer {
 public:
  TlsServer(const Certificate& certificate, int connections) {
    context_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(context_, certificate.cert);
    SSL_CTX_use_PrivateKey(context_, certificate.key);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) ServeOne();
    });
  }
  ~TlsServer() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
    SSL_CTX_free(context_);
  }
  std::uint16_t port() const { return port_; }
  /// Waits until every connection was served; for each, whether its
  /// handshake resumed an earlier TLS session.
  std::vector<bool> Resumed() {
    if (thread_.joinable()) thread_.join();
    return resumed_;
  }

 private:
  void ServeOne() {
    // Bounded, so a client that never connects cannot hang the test.
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, 5000) != 1) return;
    int peer = ::accept(fd_, nullptr, nullptr);
    if (peer < 0) return;
    SSL* ssl = SSL_new(context_);
    SSL_set_fd(ssl, peer);
    if (SSL_accept(ssl) == 1) {
      resumed_.push_back(SSL_session_reused(ssl) == 1);
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        int got = SSL_read(ssl, buffer, sizeof buffer);
        if (got <= 0) break;
        request.append(buffer, static_cast<std::size_t>(got));
      }
      std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    ::close(peer);
  }

  SSL_CTX* context_ = nullptr;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::vector<bool> resumed_;  // written by thread_ only
  std::thread thread_;
};

TEST(HttpClientTlsTest, VerifiesCertificatesAndReportsExpiry) {
  Certificate certificate;
  char folder[] = "/tmp/stackprobe-tls-XXXXXX";
  ASSERT_NE(::mkdtemp(folder), nullptr);
  std::string ca_file = std::string(folder) + "/ca.pem";
  certificate.WritePem(ca_file);
  TlsServer server(certificate, 4);
  HttpClient client;
  HttpRequest request;
  request.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";

  // Unknown issuer: refused as a TLS failure.
  HttpResponse untrusted = client.Perform(request, Clock::now() + 5s);
  EXPECT_EQ(untrusted.error, HttpError::kTls) << untrusted.error_message;
  // Again, through the CA store the client cached.
  HttpResponse again = client.Perform(request, Clock::now() + 5s);
  EXPECT_EQ(again.error, HttpError::kTls) << again.error_message;

  // Trusted through ca_file.
  request.ca_file = ca_file;
  HttpResponse trusted = client.Perform(request, Clock::now() + 5s);
  EXPECT_EQ(trusted.error, HttpError::kNone) << trusted.error_message;
  EXPECT_EQ(trusted.body, "ok");
  EXPECT_EQ(trusted.tls_not_after, kNotAfter);
  EXPECT_GT(trusted.timings.tls, 0);

  // Verification off still reports the expiry.
  request.ca_file.clear();
  request.verify_tls = false;
  HttpResponse unverified = client.Perform(request, Clock::now() + 5s);
  EXPECT_EQ(unverified.error, HttpError::kNone) << unverified.error_message;
  EXPECT_EQ(unverified.tls_not_after, kNotAfter);
  std::filesystem::remove_all(folder);
}

// A new connection to a server seen before resumes its TLS session, also
// from another curl handle than the one that made the first: the handle
// that served the first request is busy with a slow plain request meanwhile.
TEST(HttpClientTlsTest, ANewConnectionResumesTheSessionFromAnotherHandle) {
  Certificate certificate;
  TlsServer server(certificate, 2);
  testing::TestHttpServer slow([](const testing::ReceivedRequest&) {
    testing::CannedResponse response = testing::TextResponse(200, "slow");
    response.delay = 300ms;
    return response;
  });
  HttpClient client;
  HttpRequest tls;
  tls.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
  tls.verify_tls = false;
  const HttpResponse first = client.Perform(tls, Clock::now() + 5s);
  ASSERT_EQ(first.error, HttpError::kNone) << first.error_message;
  HttpRequest plain;
  plain.url = slow.BaseUrl() + "/";
  // The pool hands the first request's handle to `plain`, a new one to tls.
  const std::vector<HttpResponse> both =
      client.PerformMany({plain, tls}, Clock::now() + 5s);
  for (const HttpResponse& response : both) {
    EXPECT_EQ(response.error, HttpError::kNone) << response.error_message;
  }
  EXPECT_EQ(server.Resumed(), (std::vector<bool>{false, true}));
}

}  // namespace
}  // namespace stackprobe::host
