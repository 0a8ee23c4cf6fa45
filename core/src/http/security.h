// SPDX-License-Identifier: Apache-2.0
//
// What guards the server's connections: TLS and request authentication. The
// server only applies a policy; building one from a config file is the web
// module's job, so this header names no OpenSSL or Asio types beyond a
// forward declaration.
#ifndef STACKPROBE_HTTP_SECURITY_H_
#define STACKPROBE_HTTP_SECURITY_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct ssl_ctx_st;  // OpenSSL's SSL_CTX.

namespace stackprobe::http {

/// Decides whether a request's credentials are good. Implementations must be
/// thread-safe: every connection of the server calls them concurrently.
class Authenticator {
 public:
  /// What QuickCheck() could decide without expensive work.
  enum class Verdict {
    kAllow,       ///< Credentials known to be good (e.g. cached).
    kDeny,        ///< Missing or malformed credentials.
    kNeedsCheck,  ///< Only Check() can tell; it may take ~100 ms.
  };

  virtual ~Authenticator() = default;

  /// Answers from the Authorization header value ("" when absent) in well
  /// under a millisecond: the server calls it on an I/O thread.
  virtual Verdict QuickCheck(std::string_view authorization) const = 0;

  /// The full check of the Authorization header value (for a password hash,
  /// one hashing run). The server calls it on its blocking pool.
  virtual bool Check(std::string_view authorization) const = 0;

  /// The WWW-Authenticate value sent with a 401, e.g.
  /// `Basic realm="stackprobe"`.
  virtual std::string Challenge() const = 0;
};

/// How the server treats one connection. Immutable once handed out; shared
/// by the connections accepted while it was current.
struct SecurityPolicy {
  /// The OpenSSL server context (SSL_CTX); null serves plain HTTP. The
  /// server takes its own reference per connection and never changes it.
  std::shared_ptr<ssl_ctx_st> tls;
  /// Checks every request on every path; null lets every request through.
  std::shared_ptr<const Authenticator> authenticator;
  /// Header fields added to every response, 401s and errors included.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Returns the policy for a newly accepted connection (null: plain HTTP, no
/// authentication). Called on an I/O thread once per connection: must be
/// fast, thread-safe and must not throw.
using SecurityProvider = std::function<std::shared_ptr<const SecurityPolicy>()>;

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_SECURITY_H_
