// SPDX-License-Identifier: Apache-2.0
//
// What `serve` warns about at start when its listeners are open to more than
// this machine without protection, or protect passwords badly.
#ifndef STACKPROBE_WEB_EXPOSURE_WARNINGS_H_
#define STACKPROBE_WEB_EXPOSURE_WARNINGS_H_

#include <string>
#include <vector>

namespace stackprobe::web {

/// How the HTTP listeners are reached and protected. Plain data.
struct Exposure {
  /// Listen addresses as "host:port" or "[v6]:port" ("0.0.0.0:9877").
  std::vector<std::string> addresses;
  bool tls = false;         ///< tls_server_config is set.
  bool basic_auth = false;  ///< basic_auth_users is not empty.
  /// client_auth_type RequireAndVerifyClientCert: only holders of a
  /// certificate from the client CA get through.
  bool client_certs_required = false;
};

/// Whether `address` ("host:port") listens on loopback only (127.0.0.0/8,
/// ::1, ::ffff:127.0.0.0/104, "localhost"). An address that does not parse
/// is not. Pure; thread-safe.
bool IsLoopbackAddress(const std::string& address);

/// The warning lines (logfmt, one per problem) for `exposure`: each address
/// that is not loopback while neither basic auth nor client certificates
/// guard it, and basic auth without TLS (passwords travel in clear). Empty
/// when there is nothing to say. Pure; thread-safe.
std::vector<std::string> ExposureWarnings(const Exposure& exposure);

}  // namespace stackprobe::web

#endif  // STACKPROBE_WEB_EXPOSURE_WARNINGS_H_
