// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/sdk/config_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace stackprobe::sdk {
namespace {

std::string ErrorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigReaderTest, ReadsWhatTheSchemaFilledIn) {
  const ConfigReader config(R"({"base_url": "http://127.0.0.1:6333",
    "collections": ["a", "b"], "port": 6379, "ratio": 0.25, "tls": false,
    "timeout": "1m30s", "interval": 15, "headers": {"X-A": "1"},
    "retry": {"attempts": 3}})");
  EXPECT_EQ(config.String("base_url"), "http://127.0.0.1:6333");
  EXPECT_EQ(config.Strings("collections"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(config.Integer("port"), 6379);
  EXPECT_EQ(config.Number("ratio"), 0.25);
  EXPECT_EQ(config.Number("port"), 6379.0);
  EXPECT_FALSE(config.Boolean("tls"));
  EXPECT_EQ(config.Duration("timeout"), std::chrono::seconds(90));
  EXPECT_EQ(config.Duration("interval"), std::chrono::seconds(15));
  EXPECT_EQ(config.StringMap("headers").at("X-A"), "1");
  EXPECT_EQ(config.Object("retry").Integer("attempts"), 3);
  EXPECT_TRUE(config.Has("tls"));
  EXPECT_FALSE(config.Has("api_key"));
}

// Each entry of a list of objects reads like a nested object, and its
// errors name the entry.
TEST(ConfigReaderTest, ReadsListsOfObjectsWithTheEntryInErrors) {
  const ConfigReader config(R"({"containers": [{"name": "db"},
    {"name": "api", "timeout": "soon"}], "empty": [],
    "mixed": [{"name": "a"}, "b"], "scalar": 3})");
  const std::vector<ConfigReader> containers = config.Objects("containers");
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0].String("name"), "db");
  EXPECT_EQ(containers[1].String("name"), "api");
  EXPECT_EQ(ErrorOf([&] { containers[1].Duration("timeout"); }),
            "containers[1].timeout: expected a duration such as \"5s\", "
            "got \"soon\"");
  EXPECT_EQ(containers[0].Error("name", "taken").what(),
            std::string("containers[0].name: taken"));
  EXPECT_TRUE(config.Objects("empty").empty());
  EXPECT_EQ(ErrorOf([&] { config.Objects("mixed"); }),
            "mixed[1]: expected an object, got \"b\"");
  EXPECT_EQ(ErrorOf([&] { config.Objects("scalar"); }),
            "scalar: expected a list of objects, got 3");
  // Nested: the path keeps every level.
  const ConfigReader nested(R"({"stack": {"services": [{"port": "x"}]}})");
  EXPECT_EQ(ErrorOf([&] {
              nested.Object("stack").Objects("services")[0].Integer("port");
            }),
            "stack.services[0].port: expected an integer, got \"x\"");
}

// Errors name the key's path, as the host's own config errors do.
TEST(ConfigReaderTest, ErrorsNameThePathAndTheExpectation) {
  const ConfigReader config(
      R"({"port": "6379", "names": ["a", 5], "retry": {"attempts": 1.5},
          "env": {"A": 1}, "timeout": "soon"})");
  EXPECT_EQ(ErrorOf([&] { config.Integer("port"); }),
            "port: expected an integer, got \"6379\"");
  EXPECT_EQ(ErrorOf([&] { config.Strings("names"); }),
            "names[1]: expected a string, got 5");
  EXPECT_EQ(ErrorOf([&] { config.Object("retry").Integer("attempts"); }),
            "retry.attempts: expected an integer, got 1.5");
  EXPECT_EQ(ErrorOf([&] { config.StringMap("env"); }),
            "env.A: expected a string, got 1");
  EXPECT_EQ(ErrorOf([&] { config.Duration("timeout"); }),
            "timeout: expected a duration such as \"5s\", got \"soon\"");
  EXPECT_EQ(ErrorOf([&] { config.String("missing"); }),
            "missing: expected a string, got nothing (the plugin's schema "
            "gives it no default)");
  EXPECT_EQ(config.Object("retry").Error("attempts", "must be whole").what(),
            std::string("retry.attempts: must be whole"));
  EXPECT_EQ(ErrorOf([] { ConfigReader("[1]"); }),
            "config: expected a JSON object");
  EXPECT_EQ(ErrorOf([] { ConfigReader("{broken"); }),
            "config: expected a JSON object");
}

}  // namespace
}  // namespace stackprobe::sdk
