// SPDX-License-Identifier: Apache-2.0
#include "web/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

#include "config/config_error.h"

namespace stackprobe::web {
namespace {

using config::ConfigError;

// OpenSSL's queued reasons, newest last, then the queue cleared so the next
// failure on this thread starts clean.
std::string OpenSslReason() {
  std::string reason;
  while (const unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    const char* short_reason = ERR_reason_error_string(code);
    reason = short_reason != nullptr ? short_reason : text;
  }
  return reason.empty() ? "unknown error" : reason;
}

[[noreturn]] void Fail(const std::string& file, const std::string& what) {
  throw ConfigError(file + ": " + what + ": " + OpenSslReason());
}

// RequestClientCert and RequireAnyClientCert take any certificate: the
// handshake asks for one but its chain is not judged.
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

int ProtocolVersion(TlsVersion version) {
  return version == TlsVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
}

}  // namespace

std::shared_ptr<ssl_ctx_st> MakeServerTlsContext(const TlsServerConfig& tls) {
  ERR_clear_error();
  std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()),
                                   SSL_CTX_free);
  if (context == nullptr) Fail("TLS", "cannot create a context");
  SSL_CTX* ctx = context.get();
  SSL_CTX_set_min_proto_version(ctx, ProtocolVersion(tls.min_version));
  if (tls.max_version) {
    SSL_CTX_set_max_proto_version(ctx, ProtocolVersion(*tls.max_version));
  }
  // No renegotiation (a CPU-exhaustion vector) and no compression (CRIME).
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_use_certificate_chain_file(ctx, tls.cert_file.c_str()) != 1) {
    Fail(tls.cert_file, "cannot load the certificate chain");
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, tls.key_file.c_str(),
                                  SSL_FILETYPE_PEM) != 1) {
    Fail(tls.key_file, "cannot load the private key");
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    Fail(tls.key_file, "the key does not match " + tls.cert_file);
  }
  if (!tls.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, tls.client_ca_file.c_str(),
                                      nullptr) != 1) {
      Fail(tls.client_ca_file, "cannot load the client CAs");
    }
    STACK_OF(X509_NAME)* names =
        SSL_load_client_CA_file(tls.client_ca_file.c_str());
    if (names == nullptr) Fail(tls.client_ca_file, "cannot read CA names");
    SSL_CTX_set_client_CA_list(ctx, names);  // Takes ownership.
  }
  switch (tls.client_auth) {
    case ClientAuth::kNoClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
      break;
    case ClientAuth::kRequestClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, AcceptAnyCertificate);
      break;
    case ClientAuth::kRequireAnyClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                         AcceptAnyCertificate);
      break;
    case ClientAuth::kVerifyClientCertIfGiven:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
      break;
    case ClientAuth::kRequireAndVerifyClientCert:
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                         nullptr);
      break;
  }
  // Sessions are not resumed: a resumed session would skip the client
  // certificate check of a rotated CA, and scrapes are infrequent.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  return context;
}

}  // namespace stackprobe::web
