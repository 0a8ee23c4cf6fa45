// SPDX-License-Identifier: Apache-2.0
#include "config/json_schema.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::config {
namespace {

using nlohmann::json;

// Validates `instance_text` against `schema_text` at path "x"; returns the
// error or "ok".
std::string Check(const char* schema_text, const char* instance_text,
                  const std::string& path = "x") {
  json instance = json::parse(instance_text);
  auto error =
      ValidateAndFillDefaults(json::parse(schema_text), instance, path);
  return error ? *error : "ok";
}

TEST(JsonSchemaTest, Type) {
  EXPECT_EQ(Check(R"({"type": "string"})", R"("a")"), "ok");
  EXPECT_EQ(Check(R"({"type": "string"})", "1"), "x: expected a string, got 1");
  EXPECT_EQ(Check(R"({"type": "integer"})", "1.5"),
            "x: expected an integer, got 1.5");
  EXPECT_EQ(Check(R"({"type": "integer"})", "2.0"), "ok");
  EXPECT_EQ(Check(R"({"type": "number"})", "true"),
            "x: expected a number, got true");
  EXPECT_EQ(Check(R"({"type": "boolean"})", R"("true")"),
            R"(x: expected a boolean, got "true")");
  EXPECT_EQ(Check(R"({"type": "object"})", "[]"),
            "x: expected an object, got []");
  EXPECT_EQ(Check(R"({"type": "array"})", "{}"),
            "x: expected an array, got {}");
  EXPECT_EQ(Check(R"({"type": "null"})", "0"), "x: expected null, got 0");
  EXPECT_EQ(Check(R"({"type": ["string", "null"]})", "null"), "ok");
  EXPECT_EQ(Check(R"({"type": ["string", "null"]})", "3"),
            "x: expected a string or null, got 3");
}

TEST(JsonSchemaTest, IntegralNumbersBecomeIntegers) {
  json instance = 3.0;
  EXPECT_FALSE(
      ValidateAndFillDefaults(json{{"type", "integer"}}, instance, "x"));
  EXPECT_TRUE(instance.is_number_integer());
}

TEST(JsonSchemaTest, NumericRanges) {
  const char* status = R"({"type": "integer", "minimum": 100, "maximum": 599})";
  EXPECT_EQ(Check(status, "200"), "ok");
  EXPECT_EQ(Check(status, "600"), "x: expected an integer 100..599, got 600");
  EXPECT_EQ(Check(status, R"("2xx")"),
            R"(x: expected an integer 100..599, got "2xx")");
  EXPECT_EQ(Check(R"({"type": "integer", "minimum": 1})", "0"),
            "x: expected an integer >= 1, got 0");
  EXPECT_EQ(Check(R"({"type": "number", "exclusiveMinimum": 0})", "0"),
            "x: expected a number > 0, got 0");
  EXPECT_EQ(Check(R"({"type": "number", "exclusiveMaximum": 1})", "1"),
            "x: expected a number < 1, got 1");
  EXPECT_EQ(Check(R"({"type": "number", "exclusiveMinimum": 0,
                      "maximum": 1})",
                  "1.5"),
            "x: expected a number > 0 and <= 1, got 1.5");
  EXPECT_EQ(Check(R"({"maximum": 10})", "11"),
            "x: expected an integer <= 10, got 11");
}

TEST(JsonSchemaTest, StringKeywords) {
  EXPECT_EQ(Check(R"({"type": "string", "maxLength": 3})", R"("abcd")"),
            R"(x: expected a string of at most 3 characters, got "abcd")");
  // Length counts code points, not bytes.
  EXPECT_EQ(Check(R"({"type": "string", "maxLength": 3})", R"("äöü")"), "ok");
  EXPECT_EQ(Check(R"({"type": "string", "minLength": 1})", R"("")"),
            R"(x: expected a non-empty string, got "")");
  EXPECT_EQ(
      Check(R"({"type": "string", "minLength": 2, "maxLength": 4})", R"("a")"),
      R"(x: expected a string of 2..4 characters, got "a")");
  EXPECT_EQ(Check(R"({"type": "string", "pattern": "^[a-z]+$"})", R"("Ab")"),
            R"(x: expected a string matching ^[a-z]+$, got "Ab")");
  // Patterns are searched, not anchored.
  EXPECT_EQ(Check(R"({"type": "string", "pattern": "b"})", R"("abc")"), "ok");
}

TEST(JsonSchemaTest, Formats) {
  const char* duration =
      R"({"type": ["string", "number"], "format": "duration"})";
  EXPECT_EQ(Check(duration, R"("1m30s")"), "ok");
  EXPECT_EQ(Check(duration, "15"), "ok");
  EXPECT_EQ(Check(duration, "1.5"), "ok");
  EXPECT_EQ(Check(duration, R"("soon")"),
            R"(x: expected a duration such as 15s, 500ms or 1m, got "soon")");
  EXPECT_EQ(Check(duration, "-1"),
            "x: expected a duration such as 15s, 500ms or 1m, got -1");
  EXPECT_EQ(Check(duration, "true"),
            "x: expected a duration such as 15s, 500ms or 1m, got true");
  EXPECT_EQ(Check(R"({"type": "string", "format": "regex"})", R"("^a+$")"),
            "ok");
  EXPECT_EQ(Check(R"({"type": "string", "format": "regex"})", R"("(a")"),
            R"(x: expected a valid ECMAScript regular expression, got "(a")");
  // Formats not known are ignored.
  EXPECT_EQ(Check(R"({"type": "string", "format": "email"})", R"("no")"), "ok");
}

TEST(JsonSchemaTest, EnumAndConst) {
  EXPECT_EQ(Check(R"({"enum": ["GET", "POST"]})", R"("PUT")"),
            R"(x: expected one of "GET", "POST", got "PUT")");
  EXPECT_EQ(Check(R"({"enum": ["GET", "POST"]})", R"("GET")"), "ok");
  EXPECT_EQ(Check(R"({"const": 1})", "2"), "x: expected 1, got 2");
  EXPECT_EQ(Check(R"({"const": 1})", "1"), "ok");
}

TEST(JsonSchemaTest, ArrayKeywords) {
  const char* codes =
      R"({"type": "array", "items": {"type": "integer", "minimum": 100,
          "maximum": 599}})";
  EXPECT_EQ(
      Check(codes, R"([200, "2xx"])", "probes[2].config.valid_status_codes"),
      "probes[2].config.valid_status_codes[1]: expected an integer "
      "100..599, got \"2xx\"");
  EXPECT_EQ(Check(R"({"type": "array", "minItems": 1})", "[]"),
            "x: expected an array of at least 1 item, got []");
  EXPECT_EQ(Check(R"({"type": "array", "maxItems": 2})", "[1, 2, 3]"),
            "x: expected an array of at most 2 items, got [1,2,3]");
  EXPECT_EQ(Check(R"({"type": "array", "uniqueItems": true})", "[1, 2, 1]"),
            "x[2]: expected no duplicate, got 1 (also at [0])");
  EXPECT_EQ(Check(R"({"type": "array", "items": [{"type": "string"},
                      {"type": "integer"}]})",
                  R"(["a", "b"])"),
            R"(x[1]: expected an integer, got "b")");
}

TEST(JsonSchemaTest, ObjectKeywords) {
  const char* schema = R"({
    "type": "object", "additionalProperties": false, "required": ["url"],
    "properties": {"url": {"type": "string"}, "method": {"type": "string"},
                   "a b": {"type": "integer"}}})";
  EXPECT_EQ(Check(schema, R"({"url": "u"})"), "ok");
  EXPECT_EQ(Check(schema, R"({})"), R"(x: missing required key "url")");
  EXPECT_EQ(Check(schema, R"({"url": "u", "foo": 1})"),
            R"(x: unknown key "foo" (expected one of: a b, method, url))");
  EXPECT_EQ(Check(schema, R"({"url": "u", "a b": "no"})"),
            R"(x["a b"]: expected an integer, got "no")");
  EXPECT_EQ(Check(schema, R"({"url": 1})", ""),
            "url: expected a string, got 1");
  EXPECT_EQ(Check(R"({"type": "object", "additionalProperties": false})",
                  R"({"a": 1})"),
            R"(x: unknown key "a" (expected no keys))");
  // A schema for additional properties describes a map.
  EXPECT_EQ(Check(R"({"type": "object",
                      "additionalProperties": {"type": "string"}})",
                  R"({"a": "1", "b": 2})"),
            "x.b: expected a string, got 2");
  EXPECT_EQ(Check(R"({"propertyNames": {"pattern": "^[a-z]+$"}})",
                  R"({"ok": 1, "Bad": 2})"),
            R"(x.Bad: expected a string matching ^[a-z]+$, got "Bad")");
}

TEST(JsonSchemaTest, FillsDefaultsRecursively) {
  const json schema = json::parse(R"({
    "type": "object",
    "properties": {
      "timeout": {"type": "string", "default": "5s"},
      "given": {"type": "integer", "default": 1},
      "tls": {"type": "object", "default": {},
              "properties": {"verify": {"type": "boolean", "default": true},
                             "ca": {"type": "string"}}},
      "list": {"type": "array", "items": {"type": "object",
               "properties": {"w": {"type": "integer", "default": 7}}}}
    }})");
  json instance = json::parse(R"({"given": 2, "list": [{}, {"w": 1}]})");
  ASSERT_EQ(ValidateAndFillDefaults(schema, instance, ""), std::nullopt);
  EXPECT_EQ(instance, json::parse(R"({"timeout": "5s", "given": 2,
                                      "tls": {"verify": true},
                                      "list": [{"w": 7}, {"w": 1}]})"));
}

TEST(JsonSchemaTest, AnyOfAndOneOf) {
  const char* any = R"({"anyOf": [{"type": "integer", "minimum": 1},
                                  {"type": "string", "pattern": "^[a-z]+$"}]})";
  EXPECT_EQ(Check(any, "3"), "ok");
  EXPECT_EQ(Check(any, R"("abc")"), "ok");
  // The alternative whose type fits is the one reported.
  EXPECT_EQ(Check(any, "0"), "x: expected an integer >= 1, got 0");
  EXPECT_EQ(Check(any, R"("ABC")"),
            R"(x: expected a string matching ^[a-z]+$, got "ABC")");
  // None fits: every alternative is listed.
  EXPECT_EQ(Check(any, "true"),
            "x: expected an integer >= 1 or a string matching ^[a-z]+$, got "
            "true");
  const char* one = R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})";
  EXPECT_EQ(Check(one, "-1"), "ok");
  EXPECT_EQ(Check(one, "1"),
            "x: expected exactly one alternative to match, got 1 "
            "(alternatives 1 and 2 match)");
  // Defaults of the matching alternative are kept.
  json instance = json::object();
  const json schema = json::parse(R"({"anyOf": [
      {"type": "object", "required": ["a"]},
      {"type": "object", "properties": {"b": {"default": 2}}}]})");
  ASSERT_EQ(ValidateAndFillDefaults(schema, instance, ""), std::nullopt);
  EXPECT_EQ(instance, json::parse(R"({"b": 2})"));
}

TEST(JsonSchemaTest, AllOfAndBooleanSchemas) {
  EXPECT_EQ(Check(R"({"allOf": [{"type": "integer"}, {"minimum": 5}]})", "4"),
            "x: expected an integer >= 5, got 4");
  EXPECT_EQ(Check("true", "4"), "ok");
  EXPECT_EQ(Check("false", "4"), "x: expected nothing, got 4");
}

TEST(JsonSchemaTest, IgnoresUnknownAndMalformedKeywords) {
  EXPECT_EQ(Check(R"({"$schema": "x", "title": "t", "description": "d",
                      "examples": [1], "type": "integer", "minimum": "no",
                      "pattern": "(", "required": "url"})",
                  "3"),
            "ok");
}

TEST(JsonSchemaTest, BoundsInstanceDepth) {
  json deep = 1;
  for (int i = 0; i < 70; ++i) deep = json::array({deep});
  json copy = deep;
  const auto error = ValidateAndFillDefaults(json::object(), copy, "x");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->substr(error->find(':')),
            ": expected at most 64 levels of nesting, got a deeper value");
  EXPECT_EQ(error->rfind("x[0][0]", 0), 0U);
  json shallow = 1;
  for (int i = 0; i < 64; ++i) shallow = json::array({shallow});
  EXPECT_FALSE(ValidateAndFillDefaults(json::object(), shallow, "x"));
}

TEST(JsonSchemaTest, LongValuesAreShortenedInMessages) {
  const std::string long_text(500, 'a');
  json instance = long_text;
  const auto error =
      ValidateAndFillDefaults(json{{"type", "integer"}}, instance, "x");
  ASSERT_TRUE(error);
  EXPECT_EQ(*error,
            "x: expected an integer, got \"" + std::string(79, 'a') + "...");
}

TEST(DurationFromJsonTest, ReadsStringsAndSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(DurationFromJson("1m"), milliseconds(60'000));
  EXPECT_EQ(DurationFromJson(2), milliseconds(2'000));
  EXPECT_EQ(DurationFromJson(0.5), milliseconds(500));
  EXPECT_EQ(DurationFromJson(-1), std::nullopt);
  EXPECT_EQ(DurationFromJson(true), std::nullopt);
  EXPECT_EQ(DurationFromJson(nullptr), std::nullopt);
}

}  // namespace
}  // namespace stackprobe::config
