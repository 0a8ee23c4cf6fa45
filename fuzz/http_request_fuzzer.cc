// SPDX-License-Identifier: Apache-2.0
// The exporter's HTTP request path: arbitrary bytes read as a connection
// reads them (request_reading.h: the server's limits and bounded buffer),
// then into the Router and the Request accessors the handlers call
// (Header, QueryParam, PercentDecode).
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"
#include "request_reading.h"

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
  if (size == 0) return 0;
  // The first byte sets how many bytes each read hands over (1..256), as a
  // socket splits a request at arbitrary points.
  const std::size_t piece = std::size_t{data[0]} + 1;
  auto read = stackprobe::fuzz::ReadRequest(
      stackprobe::fuzz::AsText(data + 1, size - 1), piece);
  if (!read) return 0;
  auto& message = *read;
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
  const auto response = Routes().Handle(request);
  if (response.status < 100 || response.status > 599) std::abort();
  stackprobe::http::PercentDecode(request.query, true);
  return 0;
}
