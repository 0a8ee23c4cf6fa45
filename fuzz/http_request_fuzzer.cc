// SPDX-License-Identifier: Apache-2.0
// The exporter's HTTP request path: arbitrary bytes through the same Beast
// request parser and limits the server uses (header 16 KiB, body 64 KiB),
// then into the Router and the Request accessors the handlers call
// (Header, QueryParam, PercentDecode).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"

namespace {

namespace bhttp = boost::beast::http;
using stackprobe::http::Request;
using stackprobe::http::Response;
using stackprobe::http::Router;

const Router& Routes() {
  static const Router router = [] {
    Router r;
    r.Add("/metrics", {"GET"}, [](const Request& request) {
      Response response;
      response.body = request.Header("accept");
      return response;
    });
    r.Add("/probe", {"GET"}, [](const Request& request) {
      Response response;
      response.body = request.QueryParam("probe").value_or("") +
                      request.QueryParam("target").value_or("");
      return response;
    });
    r.Add("/-/reload", {"POST"}, [](const Request& request) {
      Response response;
      response.body = request.body;
      return response;
    });
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const stackprobe::http::ServerOptions limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t offset = 0;
  while (offset < size && !parser.is_done()) {
    const std::size_t used =
        parser.put(boost::asio::buffer(data + offset, size - offset), ec);
    offset += used;
    // The parser was offered all the input there is: need_more means the
    // input ends inside the message. (The server's reads call put again
    // only with more bytes than before; offering the same bytes again
    // breaks the parser's preconditions, e.g. in a chunk header.)
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) break;
  }
  if (ec || !parser.is_done()) return 0;
  auto message = parser.release();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const std::size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) {
    request.query = request.target.substr(question + 1);
  }
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  if (request.body.size() > limits.max_body_bytes) std::abort();
  const auto response = Routes().Handle(request);
  if (response.status < 100 || response.status > 599) std::abort();
  stackprobe::http::PercentDecode(request.query, true);
  return 0;
}
