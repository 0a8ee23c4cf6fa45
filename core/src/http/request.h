// SPDX-License-Identifier: Apache-2.0
//
// The HTTP request and response as handlers see them: plain data, no Beast or
// Asio types, so handlers and their tests compile without the server.
#ifndef STACKPROBE_HTTP_REQUEST_H_
#define STACKPROBE_HTTP_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stackprobe::http {

/// One parsed HTTP request. Plain data: copyable, not synchronised (each
/// request is owned by the one thread handling it).
struct Request {
  std::string method;  ///< As sent, e.g. "GET" (methods are case-sensitive).
  std::string target;  ///< Raw request target, e.g. "/probe?probe=db".
  std::string path;    ///< Target up to '?', not percent-decoded.
  std::string query;   ///< Target after '?', raw; empty when there is none.
  /// Header fields in arrival order; names lower-cased, values as sent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                 ///< Request body (bounded by the server).
  std::string remote_address;       ///< Peer IP without port, e.g. "::1".
  bool remote_is_loopback = false;  ///< Peer is 127.0.0.0/8 or ::1.

  /// Value of the first header named `lower_name` (lower-case), or "" when
  /// absent.
  std::string Header(std::string_view lower_name) const;

  /// Value of the first query parameter named `name` (compared after
  /// decoding), percent-decoded with '+' read as a space; nullopt when absent.
  /// A parameter without '=' has the value "".
  std::optional<std::string> QueryParam(std::string_view name) const;
};

/// What a handler answers. The server adds Content-Length, Server, and the
/// gzip encoding; handlers set only what is theirs.
struct Response {
  int status = 200;  ///< HTTP status code.
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  /// Extra header fields, sent as given (e.g. {"Allow", "GET, HEAD"}).
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Decodes %XX escapes, and '+' as a space when `plus_is_space`. A '%' not
/// followed by two hex digits is kept as is. Thread-safe (pure).
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_REQUEST_H_
