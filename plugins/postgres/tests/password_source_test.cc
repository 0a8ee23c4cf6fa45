// SPDX-License-Identifier: Apache-2.0
#include "password_source.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace stackprobe::postgres {
namespace {

// The compose `.env` of a stack: other variables, comments, a quoted value.
constexpr const char* kStackDotEnv =
    "# PostgreSQL of the AI stack\n"
    "POSTGRES_USER=mcp\n"
    "POSTGRES_DB=mcp\n"
    "\n"
    "POSTGRES_PASSWORD=\"s3cret pw#1\"  # set at install\n"
    "export REDIS_URL=redis://localhost:6379\n";

class PasswordSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "stackprobe-pg-pw-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The message of the std::invalid_argument ReadPassword throws, or "".
  static std::string ErrorOf(const std::string& password_file,
                             const std::string& password_key) {
    try {
      ReadPassword(password_file, password_key, {});
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  }

  std::string dir_;
};

TEST_F(PasswordSourceTest, WithoutAKeyTheFirstLineIsThePassword) {
  EXPECT_EQ(ReadPassword(WriteFile("pw", "pw one \r\nsecond line\n"), "", {}),
            "pw one");
  EXPECT_EQ(ReadPassword("", "", {}), "");
}

TEST_F(PasswordSourceTest, WithAKeyTheFileIsAComposeDotEnv) {
  const std::string env_file = WriteFile(".env", kStackDotEnv);
  EXPECT_EQ(ReadPassword(env_file, "POSTGRES_PASSWORD", {}), "s3cret pw#1");
  EXPECT_EQ(ReadPassword(env_file, "POSTGRES_USER", {}), "mcp");
}

TEST_F(PasswordSourceTest, ValuesAreInterpolatedAsComposeDoes) {
  const std::string env_file =
      WriteFile(".env", "POSTGRES_PASSWORD=${PG_SECRET:-unset}$$x\n");
  EXPECT_EQ(ReadPassword(env_file, "POSTGRES_PASSWORD", {{"PG_SECRET", "a"}}),
            "a$x");
}

TEST_F(PasswordSourceTest, AnAbsentKeyNamesKeyAndFileButNoValue) {
  const std::string env_file = WriteFile(".env", kStackDotEnv);
  const std::string error = ErrorOf(env_file, "POSTGRES_PASSWROD");
  EXPECT_EQ(error, "password_key: POSTGRES_PASSWROD is not set in " + env_file);
}

TEST_F(PasswordSourceTest, AKeyWithoutAFileNamesBoth) {
  EXPECT_EQ(ErrorOf("", "POSTGRES_PASSWORD"),
            "password_key: expected together with password_file (the .env "
            "file that sets POSTGRES_PASSWORD), got no password_file");
}

TEST_F(PasswordSourceTest, AnUnreadableFileNamesFileAndKey) {
  const std::string missing = dir_ + "/no/.env";
  EXPECT_EQ(ErrorOf(missing, "POSTGRES_PASSWORD"),
            "password_file: cannot read " + missing +
                " to look up password_key POSTGRES_PASSWORD: No such file or "
                "directory");
  EXPECT_EQ(ErrorOf(missing, ""), "password_file: cannot read " + missing +
                                      ": No such file or directory");
}

TEST_F(PasswordSourceTest, AParseErrorNamesFileLineAndKeyButNoValue) {
  const std::string env_file =
      WriteFile(".env", std::string(kStackDotEnv) + "s3cret pw#1\n");
  const std::string error = ErrorOf(env_file, "POSTGRES_PASSWORD");
  EXPECT_EQ(error, "password_file: " + env_file +
                       ":7: expected KEY=VALUE (reading password_key "
                       "POSTGRES_PASSWORD)");
}

}  // namespace
}  // namespace stackprobe::postgres
