// SPDX-License-Identifier: Apache-2.0
//
// Maps exact paths and methods to handlers. Prometheus scrapes one exact
// path, so a prefix match (/metricsX) would only hide configuration mistakes.
#ifndef STACKPROBE_HTTP_ROUTER_H_
#define STACKPROBE_HTTP_ROUTER_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.h"

namespace stackprobe::http {

/// Answers one request. May throw: the router turns an exception into a 500.
/// Called concurrently from several threads; must be thread-safe.
using Handler = std::function<Response(const Request&)>;

/// Exact-path routing table. Build it with Add() before handing it to the
/// Server; after that it is only read, and Find()/Handle() are safe to call
/// from any number of threads at once. Add() is not thread-safe.
class Router {
 public:
  /// Where the server runs a handler.
  enum class Dispatch {
    kInline,    ///< On an I/O thread: must return in well under a millisecond.
    kBlocking,  ///< On the bounded blocking pool: may take seconds.
  };

  /// How a request maps onto the table.
  struct Match {
    enum class Kind { kFound, kMethodNotAllowed, kNotFound };
    Kind kind = Kind::kNotFound;
    Dispatch dispatch = Dispatch::kInline;  ///< Meaningful when kFound.
  };

  /// Registers `handler` for `path` (exact match; must start with '/') and the
  /// given methods (e.g. {"GET"}, {"POST"}). A route that takes GET also
  /// answers HEAD (its handler then sees method "GET"). Throws
  /// std::invalid_argument on a duplicate or bad path or an empty method list.
  void Add(std::string path, std::vector<std::string> methods, Handler handler,
           Dispatch dispatch = Dispatch::kInline);

  /// Classifies a request without running anything (so the server can pick
  /// the thread to run it on).
  Match Find(const std::string& method, const std::string& path) const;

  /// The registered path that `path` maps onto ("" when none): the bounded
  /// name of a route, for labels. Valid as long as the router.
  std::string_view Pattern(const std::string& path) const;

  /// Answers `request`: the handler's response, 404 for an unknown path, 405
  /// with an Allow header for a known path with another method, 500 with a
  /// generic body (and a log line) when the handler throws. For HEAD it
  /// returns the GET response with its body; the server sends headers only.
  /// Sets `*handler_threw` (when given) to whether the handler threw.
  Response Handle(const Request& request, bool* handler_threw = nullptr) const;

 private:
  struct Route {
    std::vector<std::string> methods;
    Handler handler;
    Dispatch dispatch = Dispatch::kInline;
    std::string allow;           ///< Pre-rendered Allow header value.
    bool implicit_head = false;  ///< HEAD added for GET, not registered.
  };

  const Route* FindRoute(const std::string& path) const;
  static bool RouteTakes(const Route& route, const std::string& method);

  std::unordered_map<std::string, Route> routes_;
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_ROUTER_H_
