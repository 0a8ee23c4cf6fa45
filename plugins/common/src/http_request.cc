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
        "base_url: expected an http:// or https:// URL, got \"" + Clip(url) +
        "\"");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace stackprobe::plugin_common
