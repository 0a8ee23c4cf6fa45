// SPDX-License-Identifier: Apache-2.0
#include "json_assertion.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace stackprobe::plugins::http {
namespace {

using nlohmann::json;

const json kDocument = json::parse(R"({
  "status": "ok", "count": 7, "ratio": 0.5, "ready": true, "none": null,
  "data": [{"id": "/models/a.gguf"}], "a/b": 1, "m~n": 2
})");

JsonAssertion One(const json& spec) {
  return ParseJsonAssertions(json::array({spec})).at(0);
}

bool Passes(const json& spec) {
  return EvaluateAssertion(One(spec), kDocument).passed;
}

struct OpCase {
  const char* spec;
  bool expected;
};

class OpTest : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpTest, EvaluatesAsExpected) {
  const json spec = json::parse(GetParam().spec);
  const AssertionOutcome outcome = EvaluateAssertion(One(spec), kDocument);
  EXPECT_EQ(outcome.passed, GetParam().expected) << GetParam().spec;
  EXPECT_EQ(outcome.message.empty(), GetParam().expected) << outcome.message;
}

INSTANTIATE_TEST_SUITE_P(
    EveryOp, OpTest,
    ::testing::Values(
        OpCase{R"({"pointer": "/status", "op": "==", "value": "ok"})", true},
        OpCase{R"({"pointer": "/status", "op": "==", "value": "loading"})",
               false},
        OpCase{R"({"pointer": "/count", "op": "==", "value": 7.0})", true},
        OpCase{R"({"pointer": "/data/0", "op": "==",
                   "value": {"id": "/models/a.gguf"}})",
               true},
        OpCase{R"({"pointer": "/status", "op": "!=", "value": "error"})", true},
        OpCase{R"({"pointer": "/status", "op": "!=", "value": "ok"})", false},
        OpCase{R"({"pointer": "/count", "op": "<", "value": 8})", true},
        OpCase{R"({"pointer": "/count", "op": "<", "value": 7})", false},
        OpCase{R"({"pointer": "/count", "op": "<=", "value": 7})", true},
        OpCase{R"({"pointer": "/count", "op": "<=", "value": 6.5})", false},
        OpCase{R"({"pointer": "/ratio", "op": ">", "value": 0.25})", true},
        OpCase{R"({"pointer": "/ratio", "op": ">", "value": 0.5})", false},
        OpCase{R"({"pointer": "/count", "op": ">=", "value": 7})", true},
        OpCase{R"({"pointer": "/count", "op": ">=", "value": 8})", false},
        OpCase{R"({"pointer": "/none", "op": "exists"})", true},
        OpCase{R"({"pointer": "/missing", "op": "exists"})", false},
        OpCase{R"({"pointer": "/missing", "op": "not_exists"})", true},
        OpCase{R"({"pointer": "/ready", "op": "not_exists"})", false},
        OpCase{R"({"pointer": "/status", "op": "one_of",
                   "value": ["ok", "healthy"]})",
               true},
        OpCase{R"({"pointer": "/status", "op": "one_of",
                   "value": ["error", "loading"]})",
               false},
        OpCase{R"({"pointer": "/data/0/id", "op": "regex",
                   "value": "\\.gguf$"})",
               true},
        OpCase{R"({"pointer": "/data/0/id", "op": "regex", "value": "^qwen"})",
               false},
        // RFC 6901 escapes: ~1 is '/', ~0 is '~'.
        OpCase{R"({"pointer": "/a~1b", "op": "==", "value": 1})", true},
        OpCase{R"({"pointer": "/m~0n", "op": "==", "value": 2})", true},
        // Out-of-range and non-numeric array indices are "not found".
        OpCase{R"({"pointer": "/data/5", "op": "exists"})", false},
        OpCase{R"({"pointer": "/data/x", "op": "exists"})", false},
        OpCase{R"({"pointer": "", "op": "exists"})", true}));

TEST(JsonAssertionTest, NumericComparisonOfStringFailsWithMessage) {
  const AssertionOutcome outcome = EvaluateAssertion(
      One({{"pointer", "/status"}, {"op", "<"}, {"value", 3}}), kDocument);
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.message,
            R"("/status" < 3 failed: actual "ok" is not a number)");
}

TEST(JsonAssertionTest, RegexOnNonStringFails) {
  const AssertionOutcome outcome = EvaluateAssertion(
      One({{"pointer", "/count"}, {"op", "regex"}, {"value", "7"}}), kDocument);
  EXPECT_FALSE(outcome.passed);
  EXPECT_NE(outcome.message.find("is not a string"), std::string::npos);
}

TEST(JsonAssertionTest, MessageNamesPointerOpExpectedAndActual) {
  const AssertionOutcome outcome = EvaluateAssertion(
      One({{"pointer", "/status"}, {"op", "=="}, {"value", "healthy"}}),
      kDocument);
  EXPECT_EQ(outcome.message, R"("/status" == "healthy" failed: actual "ok")");
  const AssertionOutcome missing = EvaluateAssertion(
      One({{"pointer", "/gone"}, {"op", "!="}, {"value", 1}}), kDocument);
  EXPECT_EQ(missing.message, R"("/gone" != 1 failed: not found)");
}

TEST(JsonAssertionTest, MessageIsBoundedForHugeValues) {
  const json document = {{"blob", std::string(100000, 'x')}};
  const AssertionOutcome outcome =
      EvaluateAssertion(One({{"pointer", "/blob"},
                             {"op", "=="},
                             {"value", std::string(5000, 'y')}}),
                        document);
  EXPECT_FALSE(outcome.passed);
  EXPECT_LE(outcome.message.size(), kMaxAssertionMessageBytes);
  EXPECT_NE(outcome.message.find("\"/blob\" =="), std::string::npos);
}

TEST(JsonAssertionTest, ParseRejectsBadAssertionsWithPath) {
  auto error_of = [](const char* spec) -> std::string {
    try {
      ParseJsonAssertions(json::parse(spec));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(
      error_of(R"([{"pointer": "status", "op": "exists"}])")
          .rfind("json_assertions[0].pointer: expected a JSON Pointer", 0),
      0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "exists"},
                         {"pointer": "/a", "op": "~="}])")
                .rfind("json_assertions[1].op: expected one of", 0),
            0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "=="}])")
                .rfind("json_assertions[0].value: expected a value", 0),
            0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "<", "value": "3"}])"),
            "json_assertions[0].value: expected a number for op <, got \"3\"");
  EXPECT_EQ(
      error_of(R"([{"pointer": "/a", "op": "one_of", "value": 1}])")
          .rfind("json_assertions[0].value: expected a non-empty array", 0),
      0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "regex", "value": 1}])")
                .rfind("json_assertions[0].value: expected a pattern", 0),
            0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "regex", "value": "(a"}])")
                .rfind("json_assertions[0].value: expected an RE2", 0),
            0U);
  EXPECT_EQ(error_of(R"([{"pointer": "/a", "op": "exists", "value": 1}])")
                .rfind("json_assertions[0].value: expected no value", 0),
            0U);
}

TEST(JsonAssertionTest, EqualityTreatsIntegerAndFloatAlike) {
  EXPECT_TRUE(Passes({{"pointer", "/ratio"}, {"op", "=="}, {"value", 0.5}}));
  EXPECT_FALSE(Passes({{"pointer", "/count"}, {"op", "=="}, {"value", "7"}}));
}

}  // namespace
}  // namespace stackprobe::plugins::http
