// SPDX-License-Identifier: Apache-2.0
#include "web/exposure_warnings.h"

#include <arpa/inet.h>

#include <stdexcept>

#include "http/listen_address.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::web {

bool IsLoopbackAddress(const std::string& address) {
  http::ListenAddress parsed;
  try {
    parsed = http::ParseListenAddress(address);
  } catch (const std::invalid_argument&) {
    return false;
  }
  in_addr v4{};
  if (inet_pton(AF_INET, parsed.host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, parsed.host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::vector<std::string> ExposureWarnings(const Exposure& exposure) {
  std::vector<std::string> lines;
  if (!exposure.basic_auth && !exposure.client_certs_required) {
    for (const std::string& address : exposure.addresses) {
      if (IsLoopbackAddress(address)) continue;
      lines.push_back(
          "event=listening_unprotected address=" + sdk::LogfmtValue(address) +
          " detail=\"reachable beyond this machine without basic auth or "
          "client certificates: anyone who can connect reads the metrics and "
          "can run probes\" see=docs/security.md");
    }
  }
  if (exposure.basic_auth && !exposure.tls) {
    lines.push_back(
        "event=basic_auth_without_tls detail=\"passwords travel in clear over "
        "plain HTTP; add tls_server_config to the web config\" "
        "see=docs/security.md");
  }
  return lines;
}

}  // namespace stackprobe::web
