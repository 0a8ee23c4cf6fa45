// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/http_request.h"

#include <stdexcept>
#include <utility>

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::plugin_common {

HttpRequest GetRequest(std::string url, std::size_t max_body_bytes) {
  HttpRequest request;
  request.url = std::move(url);
  request.max_body_bytes = max_body_bytes;
  return request;
}

std::string NormalizeBaseUrl(std::string url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw std::invalid_argument(
        "base_url: expected an http:// or https:// URL, got \"" +
        Clip(RedactUrl(url)) + "\"");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string RedactUrl(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return url.substr(0, url.find_first_of("?#"));
  }
  const std::size_t authority_start = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string authority =
      url.substr(authority_start, authority_end - authority_start);
  const std::size_t at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  std::string rest = url.substr(authority_end);
  rest = rest.substr(0, rest.find_first_of("?#"));
  return url.substr(0, authority_start) + authority + rest;
}

}  // namespace stackprobe::plugin_common
