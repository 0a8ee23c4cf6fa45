// SPDX-License-Identifier: Apache-2.0
#include "daemon/url_origin.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace stackprobe::daemon {
namespace {

struct Origin {
  std::string scheme;
  std::string host;
  long port = 0;  // 0: a scheme without a known default and no port given
  bool operator==(const Origin&) const = default;
};

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' ||
         c == '-' || c == '.';
}

// Characters of a registered name or IPv4 address. Anything else (a space,
// a backslash, `;`) could be read differently by libcurl than here, so the
// URL then has no origin and credentials stay behind.
bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsIpv6LiteralChar(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' ||
         c == '.';
}

std::optional<long> ParsePort(std::string_view digits,
                              const std::string& scheme) {
  if (digits.empty()) {
    if (scheme == "http") return 80;
    if (scheme == "https") return 443;
    return 0;
  }
  if (digits.size() > 5) return std::nullopt;
  long port = 0;
  for (const char c : digits) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  return port;
}

std::optional<Origin> OriginOf(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0 ||
      std::isalpha(static_cast<unsigned char>(url[0])) == 0 ||
      !std::all_of(url.begin(), url.begin() + static_cast<long>(scheme_end),
                   IsSchemeChar)) {
    return std::nullopt;
  }
  Origin origin;
  origin.scheme = LowerAscii(url.substr(0, scheme_end));
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  // Browsers read a backslash as a slash, other URL parsers may not: which
  // host is meant is unclear.
  if (authority.find('\\') != std::string_view::npos) return std::nullopt;
  if (const auto at = authority.find('@'); at != std::string_view::npos) {
    if (authority.find('@', at + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    authority.remove_prefix(at + 1);
  }
  std::string_view host;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    if (!std::all_of(host.begin() + 1, host.end() - 1, IsIpv6LiteralChar)) {
      return std::nullopt;
    }
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (!std::all_of(host.begin(), host.end(), IsHostChar)) {
      return std::nullopt;
    }
  }
  if (host.empty() || host == "[]") return std::nullopt;
  origin.host = LowerAscii(host);
  const auto port_number = ParsePort(port, origin.scheme);
  if (!port_number) return std::nullopt;
  origin.port = *port_number;
  return origin;
}

}  // namespace

bool SameOrigin(std::string_view a, std::string_view b) {
  const auto first = OriginOf(a);
  const auto second = OriginOf(b);
  return first && second && *first == *second;
}

}  // namespace stackprobe::daemon
