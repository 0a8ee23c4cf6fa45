// SPDX-License-Identifier: Apache-2.0
#include "config/yaml_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/config_error.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

std::string YamlErrorOf(const std::string& yaml) {
  try {
    YamlToJson(yaml, "f.yml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(YamlToJsonTest, InfersTypesOfPlainScalars) {
  const json got = YamlToJson(
      "int: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nplus: +3\nfloat: 1.5\n"
      "exp: 2e3\nyes_word: yes\nno_word: no\non_word: on\noff_word: off\n"
      "t: true\nf: false\nT: True\nn: null\ntilde: ~\nempty:\n"
      "text: hello world\nversion: 1.2.3\nbig: 18446744073709551615\n"
      "inf: .inf\n",
      "f.yml");
  EXPECT_EQ(got["int"], 42);
  EXPECT_TRUE(got["int"].is_number_integer());
  EXPECT_EQ(got["neg"], -7);
  EXPECT_EQ(got["hex"], 31);
  EXPECT_EQ(got["oct"], 15);
  EXPECT_EQ(got["plus"], 3);
  EXPECT_TRUE(got["float"].is_number_float());
  EXPECT_DOUBLE_EQ(got["float"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(got["exp"].get<double>(), 2000.0);
  EXPECT_EQ(got["yes_word"], "yes");
  EXPECT_EQ(got["no_word"], "no");
  EXPECT_EQ(got["on_word"], "on");
  EXPECT_EQ(got["off_word"], "off");
  EXPECT_EQ(got["t"], true);
  EXPECT_EQ(got["f"], false);
  EXPECT_EQ(got["T"], true);
  EXPECT_TRUE(got["n"].is_null());
  EXPECT_TRUE(got["tilde"].is_null());
  EXPECT_TRUE(got["empty"].is_null());
  EXPECT_EQ(got["text"], "hello world");
  EXPECT_EQ(got["version"], "1.2.3");
  EXPECT_EQ(got["big"], 18446744073709551615ULL);
  EXPECT_EQ(got["inf"], ".inf");
}

TEST(YamlToJsonTest, QuotedAndBlockScalarsStayStrings) {
  const json got = YamlToJson(
      "a: \"42\"\nb: '7'\nc: \"true\"\nd: 'null'\ne: !!str 15\n"
      "f: |\n  5\ng: >\n  yes\n",
      "f.yml");
  EXPECT_EQ(got["a"], "42");
  EXPECT_EQ(got["b"], "7");
  EXPECT_EQ(got["c"], "true");
  EXPECT_EQ(got["d"], "null");
  EXPECT_EQ(got["e"], "15");
  EXPECT_EQ(got["f"], "5\n");
  EXPECT_EQ(got["g"], "yes\n");
}

TEST(YamlToJsonTest, ReadsNestedStructuresAndJson) {
  const json expected = json::parse(
      R"({"a": [1, {"b": "x"}, []], "c": {"d": null, "e": -1.25}})");
  EXPECT_EQ(
      YamlToJson("a:\n  - 1\n  - b: x\n  - []\nc: {d: ~, e: -1.25}\n", "f.yml"),
      expected);
  EXPECT_EQ(YamlToJson(expected.dump(), "f.json"), expected);
  EXPECT_EQ(YamlToJson(expected.dump(2), "f.json"), expected);
}

TEST(YamlToJsonTest, ExpandsAliases) {
  const json got = YamlToJson("base: &b {x: 1}\ncopy: *b\n", "f.yml");
  EXPECT_EQ(got["copy"], json::parse(R"({"x": 1})"));
}

TEST(YamlToJsonTest, EmptyTextIsAnEmptyObject) {
  EXPECT_EQ(YamlToJson("", "f.yml"), json::object());
  EXPECT_EQ(YamlToJson("# only a comment\n", "f.yml"), json::object());
  EXPECT_EQ(YamlToJson("---\n", "f.yml"), json::object());
}

TEST(YamlToJsonTest, ReportsProblemsWithLineAndColumn) {
  EXPECT_EQ(YamlErrorOf("a: 1\nb: 2\na: 3\n"),
            "f.yml:3:1: duplicate key \"a\"");
  EXPECT_EQ(YamlErrorOf("x:\n  k: 1\n  k: 2\n"),
            "f.yml:3:3: duplicate key \"k\"");
  EXPECT_EQ(YamlErrorOf("a: 1\n---\nb: 2\n"),
            "f.yml:2:1: expected one document, found another");
  EXPECT_EQ(YamlErrorOf("- 1\n- 2\n"),
            "f.yml:1:1: expected a mapping at the top level, got a sequence");
  EXPECT_EQ(YamlErrorOf("just text\n"),
            "f.yml:1:1: expected a mapping at the top level, got a scalar");
  EXPECT_EQ(YamlErrorOf("? [a, b]\n: 1\n"),
            "f.yml:1:3: expected a scalar mapping key, got a sequence");
  EXPECT_THAT(YamlErrorOf("a: [1, 2\nb: 3\n"), ::testing::StartsWith("f.yml:"));
  EXPECT_THAT(YamlErrorOf("a: b: c\n"),
              ::testing::MatchesRegex(R"(f\.yml:1:[0-9]+: .+)"));
  EXPECT_THAT(YamlErrorOf("a:\n  - 1\n bad\n"),
              ::testing::MatchesRegex(R"(f\.yml:[0-9]+:[0-9]+: .+)"));
}

TEST(YamlToJsonTest, BoundsNesting) {
  std::string deep = "a: ";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  EXPECT_EQ(YamlErrorOf(deep),
            "f.yml:1:67: expected at most 64 levels of nesting");
  std::string block;
  for (int i = 0; i < 70; ++i) {
    block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  }
  EXPECT_EQ(YamlErrorOf(block),
            "f.yml:65:65: expected at most 64 levels of nesting");
  std::string ok = "a: ";
  for (int i = 0; i < 63; ++i) ok += "[";
  for (int i = 0; i < 63; ++i) ok += "]";
  EXPECT_NO_THROW(YamlToJson(ok, "f.yml"));
}

TEST(YamlToJsonTest, BoundsAliasExpansion) {
  // Each level doubles the size: 2^25 values from a few lines.
  std::string bomb = "l0: &l0 [x, x]\n";
  for (int i = 1; i <= 25; ++i) {
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" +
            std::to_string(i - 1) + ", *l" + std::to_string(i - 1) + "]\n";
  }
  EXPECT_THAT(YamlErrorOf(bomb),
              ::testing::HasSubstr("expected at most 100000 values"));
}

}  // namespace
}  // namespace stackprobe::config
