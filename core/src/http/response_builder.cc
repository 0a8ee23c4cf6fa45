// SPDX-License-Identifier: Apache-2.0
#include "http/response_builder.h"

#include <algorithm>
#include <cctype>

#include "http/gzip.h"

namespace stackprobe::http {
namespace {

bool IsField(std::string_view name, std::string_view lower) {
  return std::equal(name.begin(), name.end(), lower.begin(), lower.end(),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) == b;
                    });
}

}  // namespace

EncodedResponse EncodeResponse(Response response,
                               std::string_view accept_encoding,
                               std::size_t gzip_min_bytes) {
  EncodedResponse out;
  out.status =
      response.status >= 200 && response.status <= 599 ? response.status : 500;
  out.headers.reserve(response.headers.size() + 4);
  out.headers.emplace_back("Server", "stackprobe");
  out.headers.emplace_back("Content-Type", std::move(response.content_type));
  bool encoded_by_handler = false;
  for (auto& field : response.headers) {
    encoded_by_handler |= IsField(field.first, "content-encoding");
    out.headers.push_back(std::move(field));
  }
  const bool compressible =
      !encoded_by_handler && response.body.size() >= gzip_min_bytes;
  if (compressible) {
    out.headers.emplace_back("Vary", "Accept-Encoding");
    if (AcceptsGzip(accept_encoding)) {
      out.headers.emplace_back("Content-Encoding", "gzip");
      out.body = GzipCompress(response.body);
      return out;
    }
  }
  out.body = std::move(response.body);
  return out;
}

}  // namespace stackprobe::http
