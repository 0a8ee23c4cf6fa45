// SPDX-License-Identifier: Apache-2.0
#include "daemon/request_guard.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace stackprobe::daemon {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

// The host of "name", "name:port", "1.2.3.4:port", "[::1]:port"; "" when
// malformed.
std::string HostPart(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return "";
    return std::string(authority.substr(1, close - 1));
  }
  const auto colon = authority.rfind(':');
  return std::string(
      colon == std::string_view::npos ? authority : authority.substr(0, colon));
}

bool IsIpAddress(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

http::Response Refusal(int status, std::string text) {
  http::Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(text) + "\n";
  return response;
}

// A body type a page may send to any site without a CORS preflight.
bool IsSimpleFormType(std::string_view content_type) {
  const std::string media =
      Lower(content_type.substr(0, content_type.find(';')));
  const auto begin = media.find_first_not_of(" \t");
  const auto end = media.find_last_not_of(" \t");
  const std::string trimmed =
      begin == std::string::npos ? "" : media.substr(begin, end - begin + 1);
  return trimmed == "application/x-www-form-urlencoded" ||
         trimmed == "multipart/form-data" || trimmed == "text/plain";
}

}  // namespace

bool HostAllowed(std::string_view host_header,
                 const std::vector<std::string>& allowed_names,
                 const std::vector<std::string>& this_host_names) {
  if (host_header.empty()) return true;
  std::string host = Lower(HostPart(host_header));
  if (host.ends_with('.')) host.pop_back();  // "localhost." names it too
  if (host.empty()) return false;
  if (IsIpAddress(host) || host == "localhost") return true;
  const auto listed = [&](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), host) != names.end();
  };
  return listed(allowed_names) || listed(this_host_names);
}

std::vector<std::string> ThisHostNames() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return {};
  std::vector<std::string> names = {Lower(name)};
  const auto dot = names[0].find('.');
  if (dot != std::string::npos) names.push_back(names[0].substr(0, dot));
  return names;
}

std::optional<http::Response> RefuseRequest(
    const http::Request& request, bool changes_state,
    const std::vector<std::string>& allowed_names,
    const std::vector<std::string>& this_host_names) {
  const std::string host = request.Header("host");
  if (!HostAllowed(host, allowed_names, this_host_names)) {
    return Refusal(421, "misdirected request: \"" + host.substr(0, 100) +
                            "\" is not a name of this exporter (IP addresses, "
                            "localhost and this machine's name are; add others "
                            "to api.allowed_hosts)");
  }
  if (!changes_state) return std::nullopt;
  const std::string origin = request.Header("origin");
  if (!origin.empty()) {
    const auto scheme_end = origin.find("://");
    const bool foreign =
        origin == "null" || scheme_end == std::string::npos ||
        !HostAllowed(std::string_view(origin).substr(scheme_end + 3),
                     allowed_names, this_host_names);
    if (foreign) {
      return Refusal(403, "cross-origin request refused (Origin " +
                              origin.substr(0, 100) + ")");
    }
  }
  if (IsSimpleFormType(request.Header("content-type"))) {
    return Refusal(403,
                   "a form or plain-text body is refused here: send no body "
                   "or application/json");
  }
  return std::nullopt;
}

std::optional<http::Response> RefuseCrossSiteFetch(
    const http::Request& request) {
  const std::string site = Lower(request.Header("sec-fetch-site"));
  if (site != "cross-site" && site != "same-site") return std::nullopt;
  return Refusal(403, "refused: a page of another site (Sec-Fetch-Site: " +
                          site + ") may not make this exporter probe");
}

}  // namespace stackprobe::daemon
