// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/dotenv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace stackprobe::plugin_common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const VariableMap kVariables = {
    {"USER", "mcp"}, {"EMPTY", ""}, {"PORT", "8081"}, {"NESTED", "inner"}};

std::string Expand(const std::string& text) {
  return Interpolate(text, kVariables, "f.yml: x");
}

TEST(ComposeInterpolationTest, FollowsTheComposeSpecification) {
  EXPECT_EQ(Expand("pg_isready -U ${USER}"), "pg_isready -U mcp");
  EXPECT_EQ(Expand("$USER:$PORT"), "mcp:8081");
  EXPECT_EQ(Expand("${MISSING}"), "");
  EXPECT_EQ(Expand("${MISSING:-mcp2}"), "mcp2");
  EXPECT_EQ(Expand("${EMPTY:-fallback}"), "fallback");
  EXPECT_EQ(Expand("${EMPTY-fallback}"), "");
  EXPECT_EQ(Expand("${MISSING-fallback}"), "fallback");
  EXPECT_EQ(Expand("${USER:+set}"), "set");
  EXPECT_EQ(Expand("${EMPTY:+set}"), "");
  EXPECT_EQ(Expand("${EMPTY+set}"), "set");
  EXPECT_EQ(Expand("${MISSING:-${NESTED}-x}"), "inner-x");
  EXPECT_EQ(Expand("cost: $$5 and $$USER"), "cost: $5 and $USER");
  EXPECT_EQ(Expand("a $ b $1"), "a $ b $1");
  EXPECT_EQ(Expand("${USER:?must be set}"), "mcp");
}

TEST(ComposeInterpolationTest, ErrorsNameWhereAndWhat) {
  try {
    Expand("${PASSWORD:?set it in .env}");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "f.yml: x: required variable PASSWORD is missing a value: set "
                 "it in .env");
  }
  EXPECT_THROW(Expand("${EMPTY?x}x${EMPTY:?}"), std::invalid_argument);
  EXPECT_THROW(Expand("${USER"), std::invalid_argument);
  EXPECT_THROW(Expand("${1BAD}"), std::invalid_argument);
  EXPECT_THROW(Expand("${USER%%x}"), std::invalid_argument);
}

TEST(DotEnvTest, ParsesTheUsualForms) {
  const VariableMap env = ParseDotEnv(
      "# comment\n"
      "\n"
      "POSTGRES_USER=mcp\n"
      "export REDIS_URL = redis://localhost:6379\n"
      "QUOTED=\"change me\"\n"
      "SINGLE='${NOT_EXPANDED}'\n"
      "INLINE=value # a comment\n"
      "ESCAPED=\"a\\\"b\\nc\"\n"
      "URL=postgresql://${POSTGRES_USER}@${HOST:-localhost}\n"
      "MULTI=\"line one\n"
      "line two\"\n"
      "EMPTY=\n",
      {{"HOST", "db.local"}}, ".env");
  EXPECT_EQ(env.at("POSTGRES_USER"), "mcp");
  EXPECT_EQ(env.at("REDIS_URL"), "redis://localhost:6379");
  EXPECT_EQ(env.at("QUOTED"), "change me");
  EXPECT_EQ(env.at("SINGLE"), "${NOT_EXPANDED}");
  EXPECT_EQ(env.at("INLINE"), "value");
  EXPECT_EQ(env.at("ESCAPED"), "a\"b\nc");
  EXPECT_EQ(env.at("URL"), "postgresql://mcp@db.local");
  EXPECT_EQ(env.at("MULTI"), "line one\nline two");
  EXPECT_EQ(env.at("EMPTY"), "");
  EXPECT_FALSE(env.contains("HOST")) << "only the file's own keys";
}

TEST(DotEnvTest, RejectsBrokenLinesWithTheirNumber) {
  try {
    ParseDotEnv("A=1\nnot a variable\n", {}, "stack/.env");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("stack/.env:2: expected KEY=VALUE"));
  }
  EXPECT_THROW(ParseDotEnv("A=\"open\n", {}, ".env"), std::invalid_argument);
}

TEST(DotEnvTest, ErrorsNeverQuoteTheFilesText) {
  // Each file is broken differently, next to (or inside) a secret.
  const char* const broken_files[] = {
      "A=1\ns3cret-pw\n",       // a line without '='
      "-s3cret-pw=1\n",         // no variable name
      "P=s3cret-pw${\n",        // unterminated ${
      "P=\"${1s3cret-pw}\"\n",  // not a name after ${
      "P=${A%s3cret-pw}\n",     // unknown operator
      "P='s3cret-pw\n",         // unterminated quote
  };
  for (const char* text : broken_files) {
    try {
      ParseDotEnv(text, {}, "stack/.env");
      ADD_FAILURE() << "no error for " << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), HasSubstr("stack/.env:")) << text;
      EXPECT_THAT(e.what(), Not(HasSubstr("s3cret"))) << text;
    }
  }
}

TEST(DotEnvTest, ProcessEnvironmentReadsEnviron) {
  ::setenv("STACKPROBE_DOTENV_TEST", "x=y", 1);
  EXPECT_EQ(ProcessEnvironment().at("STACKPROBE_DOTENV_TEST"), "x=y");
  ::unsetenv("STACKPROBE_DOTENV_TEST");
}

}  // namespace
}  // namespace stackprobe::plugin_common
