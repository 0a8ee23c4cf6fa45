// SPDX-License-Identifier: Apache-2.0
#include "loader/toolchain_id.h"

#include <gtest/gtest.h>

#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::loader {
namespace {

constexpr const char* kHost =
    "plugin_abi=2;arch=x86_64;cxx_abi=itanium;stdlib=libstdc++;"
    "stdlib_release=12;cxx11_abi=1";

TEST(ToolchainIdTest, TheCompilerIsNotPartOfTheId) {
  const std::string id = STACKPROBE_TOOLCHAIN_ID;
  EXPECT_EQ(id.find("gcc"), std::string::npos) << id;
  EXPECT_EQ(id.find("clang"), std::string::npos) << id;
  EXPECT_EQ(id.rfind("plugin_abi=" + std::to_string(kAbiVersion) + ";", 0), 0u)
      << id;
}

TEST(ToolchainIdTest, EqualIdsMatch) {
  EXPECT_EQ(ToolchainMismatch(kHost, kHost), "");
}

TEST(ToolchainIdTest, NamesTheStringAbiInWords) {
  EXPECT_EQ(ToolchainMismatch("plugin_abi=2;arch=x86_64;cxx_abi=itanium;"
                              "stdlib=libstdc++;stdlib_release=12;cxx11_abi=0",
                              kHost),
            "built for another C++ ABI: libstdc++ string ABI: the plugin uses "
            "the pre-C++11 std::string (_GLIBCXX_USE_CXX11_ABI=0), this "
            "stackprobe the C++11 std::string (_GLIBCXX_USE_CXX11_ABI=1); "
            "rebuild the plugin against this stackprobe's plugin.h for "
            "x86_64, libstdc++ 12 with _GLIBCXX_USE_CXX11_ABI=1 (g++ and "
            "clang++ both work)");
}

TEST(ToolchainIdTest, AnotherStandardLibraryHidesItsOwnFields) {
  const std::string why = ToolchainMismatch(
      "plugin_abi=2;arch=x86_64;cxx_abi=itanium;stdlib=libc++;"
      "stdlib_release=14000;libcxx_abi=1",
      kHost);
  EXPECT_EQ(why.rfind("built for another C++ ABI: standard library: the "
                      "plugin uses libc++ 14000, this stackprobe libstdc++ 12; "
                      "rebuild",
                      0),
            0u)
      << why;
}

TEST(ToolchainIdTest, ListsEveryDifferenceInOrder) {
  const std::string why = ToolchainMismatch(
      "plugin_abi=2;arch=aarch64;cxx_abi=itanium;stdlib=libstdc++;"
      "stdlib_release=13;cxx11_abi=1",
      kHost);
  EXPECT_EQ(why.rfind("built for another C++ ABI: architecture: the plugin "
                      "uses aarch64, this stackprobe x86_64; standard library "
                      "release: the plugin uses 13, this stackprobe 12; "
                      "rebuild",
                      0),
            0u)
      << why;
}

TEST(ToolchainIdTest, AnIdOfTheOldFormIsRefusedWithARebuildHint) {
  const std::string why =
      ToolchainMismatch("gcc-12/libstdc++-cxx11abi1", kHost);
  EXPECT_EQ(why.rfind("the plugin's toolchain id \"gcc-12/libstdc++-cxx11abi1\""
                      " is not one this stackprobe knows",
                      0),
            0u)
      << why;
  EXPECT_NE(why.find("; rebuild the plugin"), std::string::npos) << why;
}

}  // namespace
}  // namespace stackprobe::loader
