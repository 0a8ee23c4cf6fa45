// SPDX-License-Identifier: Apache-2.0
//
// Builds the OpenSSL server context a TlsServerConfig describes.
#ifndef STACKPROBE_WEB_TLS_CONTEXT_H_
#define STACKPROBE_WEB_TLS_CONTEXT_H_

#include <memory>

#include "web/web_config.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX.

namespace stackprobe::web {

/// A new SSL_CTX (freed with SSL_CTX_free when the last owner lets go) with
/// the certificate chain, the matching key, the client CAs and the version
/// bounds of `tls`, and the client certificate policy of tls.client_auth.
/// Reads the files now. Throws config::ConfigError naming the file and
/// OpenSSL's reason, e.g. `/etc/x/server.key: cannot load the private key:
/// key values mismatch`. Thread-safe.
std::shared_ptr<ssl_ctx_st> MakeServerTlsContext(const TlsServerConfig& tls);

}  // namespace stackprobe::web

#endif  // STACKPROBE_WEB_TLS_CONTEXT_H_
