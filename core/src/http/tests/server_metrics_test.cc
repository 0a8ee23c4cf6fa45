// SPDX-License-Identifier: Apache-2.0
//
// The server's prometheus-cpp metrics: requests by handler (the route, never
// the raw path) and status code, and durations by handler.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>

#include "http/server.h"
#include "http/tests/test_client.h"

namespace stackprobe::http {
namespace {

using testing::Fetch;
using testing::TestServer;

// "name{k=v,...}" -> value of every collected counter and histogram count.
std::map<std::string, double> Collected(prometheus::Registry& registry) {
  std::map<std::string, double> values;
  for (const auto& family : registry.Collect()) {
    for (const auto& metric : family.metric) {
      std::string key = family.name + "{";
      for (const auto& label : metric.label) {
        key += label.name + "=" + label.value + ",";
      }
      key += "}";
      if (family.type == prometheus::MetricType::Histogram) {
        values[key] = static_cast<double>(metric.histogram.sample_count);
      } else if (family.type == prometheus::MetricType::Counter) {
        values[key] = metric.counter.value;
      } else {
        values[key] = metric.gauge.value;
      }
    }
  }
  return values;
}

TEST(ServerMetricsTest, CountsRequestsByRouteAndCodeNeverByRawPath) {
  Router router;
  router.Add("/ok", {"GET"}, [](const Request&) { return Response{}; });
  router.Add("/only-post", {"POST"}, [](const Request&) { return Response{}; });
  ServerOptions options;
  options.metrics_registry = std::make_shared<prometheus::Registry>();
  TestServer server(std::move(router), options);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Fetch(server.Url("/ok?x=" + std::to_string(i))).status, 200);
  }
  ASSERT_EQ(Fetch(server.Url("/unknown-1")).status, 404);
  ASSERT_EQ(Fetch(server.Url("/unknown-2")).status, 404);
  ASSERT_EQ(Fetch(server.Url("/only-post")).status, 405);

  const auto values = Collected(*options.metrics_registry);
  EXPECT_EQ(values.at("stackprobe_http_requests_total{code=200,handler=/ok,}"),
            3);
  EXPECT_EQ(
      values.at("stackprobe_http_requests_total{code=404,handler=other,}"), 2);
  EXPECT_EQ(
      values.at("stackprobe_http_requests_total{code=405,handler=/only-post,}"),
      1);
  EXPECT_EQ(values.at("stackprobe_http_request_duration_seconds{handler=/ok,}"),
            3);
  EXPECT_EQ(
      values.at("stackprobe_http_request_duration_seconds{handler=other,}"), 2);
  for (const auto& [key, value] : values) {
    EXPECT_EQ(key.find("unknown"), std::string::npos) << key;
  }
  EXPECT_EQ(server.server().Stats().requests_total, 6u);
}

TEST(ServerMetricsTest, ARequestTooLargeToReadCountsAsOtherWithoutDuration) {
  Router router;
  router.Add("/ok", {"GET"}, [](const Request&) { return Response{}; });
  ServerOptions options;
  options.max_header_bytes = 1024;
  options.metrics_registry = std::make_shared<prometheus::Registry>();
  TestServer server(std::move(router), options);
  ASSERT_EQ(
      Fetch(server.Url("/ok"), "GET", {"X-Padding: " + std::string(4096, 'a')})
          .status,
      431);
  const auto values = Collected(*options.metrics_registry);
  EXPECT_EQ(
      values.at("stackprobe_http_requests_total{code=431,handler=other,}"), 1);
  EXPECT_EQ(values.at("stackprobe_http_oversized_requests_total{part=header,}"),
            1);
  EXPECT_FALSE(values.contains(
      "stackprobe_http_request_duration_seconds{handler=other,}"));
}

}  // namespace
}  // namespace stackprobe::http
