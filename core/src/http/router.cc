// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace stackprobe::http {
namespace {

Response PlainResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace

void Router::Add(std::string path, std::vector<std::string> methods,
                 Handler handler, Dispatch dispatch) {
  if (path.empty() || path.front() != '/') {
    throw std::invalid_argument("route path must start with '/': " + path);
  }
  if (methods.empty()) {
    throw std::invalid_argument("route needs at least one method: " + path);
  }
  if (routes_.contains(path)) {
    throw std::invalid_argument("duplicate route: " + path);
  }
  Route route;
  const bool has_get =
      std::find(methods.begin(), methods.end(), "GET") != methods.end();
  const bool has_head =
      std::find(methods.begin(), methods.end(), "HEAD") != methods.end();
  if (has_get && !has_head) {
    methods.push_back("HEAD");
    route.implicit_head = true;
  }
  for (const std::string& method : methods) {
    if (!route.allow.empty()) route.allow += ", ";
    route.allow += method;
  }
  route.methods = std::move(methods);
  route.handler = std::move(handler);
  route.dispatch = dispatch;
  routes_.emplace(std::move(path), std::move(route));
}

const Router::Route* Router::FindRoute(const std::string& path) const {
  const auto it = routes_.find(path);
  return it == routes_.end() ? nullptr : &it->second;
}

bool Router::RouteTakes(const Route& route, const std::string& method) {
  return std::find(route.methods.begin(), route.methods.end(), method) !=
         route.methods.end();
}

std::string_view Router::Pattern(const std::string& path) const {
  const auto it = routes_.find(path);
  return it == routes_.end() ? std::string_view() : std::string_view(it->first);
}

Router::Match Router::Find(const std::string& method,
                           const std::string& path) const {
  const Route* route = FindRoute(path);
  if (route == nullptr) return {Match::Kind::kNotFound, Dispatch::kInline};
  if (!RouteTakes(*route, method)) {
    return {Match::Kind::kMethodNotAllowed, Dispatch::kInline};
  }
  return {Match::Kind::kFound, route->dispatch};
}

Response Router::Handle(const Request& request, bool* handler_threw) const {
  if (handler_threw != nullptr) *handler_threw = false;
  const Route* route = FindRoute(request.path);
  if (route == nullptr) return PlainResponse(404, "not found\n");
  if (!RouteTakes(*route, request.method)) {
    Response response = PlainResponse(405, "method not allowed\n");
    response.headers.emplace_back("Allow", route->allow);
    return response;
  }
  try {
    if (route->implicit_head && request.method == "HEAD") {
      // The handler was written for GET; it should not have to know HEAD.
      Request as_get = request;
      as_get.method = "GET";
      return route->handler(as_get);
    }
    return route->handler(request);
  } catch (const std::exception& e) {
    spdlog::error("http handler failed method={} path={} error=\"{}\"",
                  request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("http handler failed method={} path={} error=unknown",
                  request.method, request.path);
  }
  if (handler_threw != nullptr) *handler_threw = true;
  return PlainResponse(500, "internal server error\n");
}

}  // namespace stackprobe::http
