// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace stackprobe::http {
namespace {

Request MakeRequest(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.target = request.path;
  return request;
}

Router MetricsRouter() {
  Router router;
  router.Add("/metrics", {"GET"}, [](const Request& request) {
    Response response;
    response.body = "seen " + request.method;
    return response;
  });
  router.Add(
      "/probe", {"GET", "POST"}, [](const Request&) { return Response{}; },
      Router::Dispatch::kBlocking);
  return router;
}

std::string AllowOf(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name == "Allow") return value;
  }
  return "<absent>";
}

TEST(RouterTest, MatchesExactPathsOnly) {
  const Router router = MetricsRouter();
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/metrics")).status, 200);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/metricsX")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/metrics/")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/METRICS")).status, 404);
}

TEST(RouterTest, HeadRunsTheGetHandlerAsGet) {
  const Router router = MetricsRouter();
  const Response response = router.Handle(MakeRequest("HEAD", "/metrics"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "seen GET");
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  const Router router = MetricsRouter();
  const Response post = router.Handle(MakeRequest("POST", "/metrics"));
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(AllowOf(post), "GET, HEAD");
  const Response del = router.Handle(MakeRequest("DELETE", "/probe"));
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(AllowOf(del), "GET, POST, HEAD");
  EXPECT_EQ(router.Handle(MakeRequest("get", "/metrics")).status, 405);
}

TEST(RouterTest, FindReportsKindAndDispatch) {
  const Router router = MetricsRouter();
  EXPECT_EQ(router.Find("GET", "/probe").kind, Router::Match::Kind::kFound);
  EXPECT_EQ(router.Find("GET", "/probe").dispatch, Router::Dispatch::kBlocking);
  EXPECT_EQ(router.Find("HEAD", "/metrics").dispatch,
            Router::Dispatch::kInline);
  EXPECT_EQ(router.Find("PUT", "/probe").kind,
            Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(router.Find("GET", "/nope").kind, Router::Match::Kind::kNotFound);
}

TEST(RouterTest, ThrowingHandlerIs500) {
  Router router;
  router.Add("/boom", {"GET"}, [](const Request&) -> Response {
    throw std::runtime_error("secret detail");
  });
  router.Add("/int", {"GET"}, [](const Request&) -> Response { throw 7; });
  bool threw = false;
  const Response response = router.Handle(MakeRequest("GET", "/boom"), &threw);
  EXPECT_EQ(response.status, 500);
  EXPECT_TRUE(threw);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/int")).status, 500);
  router.Handle(MakeRequest("GET", "/missing"), &threw);
  EXPECT_FALSE(threw);
}

TEST(RouterTest, AddRejectsBadRoutes) {
  Router router = MetricsRouter();
  const Handler handler = [](const Request&) { return Response{}; };
  EXPECT_THROW(router.Add("/metrics", {"GET"}, handler), std::invalid_argument);
  EXPECT_THROW(router.Add("metrics", {"GET"}, handler), std::invalid_argument);
  EXPECT_THROW(router.Add("/x", {}, handler), std::invalid_argument);
}

}  // namespace
}  // namespace stackprobe::http
