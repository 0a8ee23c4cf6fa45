// SPDX-License-Identifier: Apache-2.0
#include "loader/plugin_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "loader/file_trust.h"

namespace stackprobe::loader {
namespace {

namespace fs = std::filesystem;

// Copies test plugins into a private folder so modes can be changed.
class PluginFolder {
 public:
  PluginFolder() {
    char pattern[] = "/tmp/stackprobe-loader-XXXXXX";
    dir_ = mkdtemp(pattern);
    chmod(dir_.c_str(), 0755);
  }
  ~PluginFolder() { fs::remove_all(dir_); }
  std::string Add(const std::string& name, const std::string& as = "") {
    const std::string target = dir_ + "/" + (as.empty() ? name : as) + ".so";
    fs::copy_file(std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
                  target, fs::copy_options::overwrite_existing);
    chmod(target.c_str(), 0755);
    return target;
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

std::string RefusalFor(const ScanResult& result, const std::string& file) {
  for (const auto& refusal : result.refusals) {
    if (fs::path(refusal.path).filename() == file) return refusal.reason;
  }
  return "";
}

TEST(PluginLoaderTest, LoadsAWellFormedPlugin) {
  PluginFolder folder;
  folder.Add("good_probe");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  ASSERT_EQ(result.plugins.size(), 1u) << RefusalFor(result, "good_probe.so");
  const auto& plugin = *result.plugins[0];
  EXPECT_EQ(plugin.name, "good_probe");
  EXPECT_EQ(plugin.version, "1.0.0");
  EXPECT_EQ(plugin.kind, PluginKind::kProbe);
  EXPECT_TRUE(plugin.allowed_reasons.count("refused"));
  std::string error;
  auto object = CreateInstance(plugin, R"({"value":1})", error);
  ASSERT_NE(object, nullptr) << error;
}

TEST(PluginLoaderTest, RefusesAWrongAbiVersionAndKeepsTheOthers) {
  PluginFolder folder;
  folder.Add("good_probe");
  folder.Add("wrong_abi");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  ASSERT_EQ(result.plugins.size(), 1u);
  EXPECT_EQ(result.plugins[0]->name, "good_probe");
  EXPECT_EQ(RefusalFor(result, "wrong_abi.so"),
            "plugin ABI version 999, this stackprobe needs 2; "
            "rebuild the plugin against this stackprobe's plugin.h");
}

TEST(PluginLoaderTest, RefusesAnotherStandardLibrary) {
  PluginFolder folder;
  folder.Add("wrong_toolchain");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  const auto reason = RefusalFor(result, "wrong_toolchain.so");
  EXPECT_EQ(reason.rfind("built for another C++ ABI: standard library: the "
                         "plugin uses libc++ 14000, this stackprobe libstdc++ ",
                         0),
            0u)
      << reason;
}

TEST(PluginLoaderTest, RefusesAPluginBuiltForThePreCxx11String) {
  PluginFolder folder;
  folder.Add("old_string_abi");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "old_string_abi.so"),
            "built for another C++ ABI: libstdc++ string ABI: the plugin uses "
            "the pre-C++11 std::string (_GLIBCXX_USE_CXX11_ABI=0), this "
            "stackprobe the C++11 std::string (_GLIBCXX_USE_CXX11_ABI=1); "
            "rebuild the plugin against this stackprobe's plugin.h for "
            STACKPROBE_ARCH_ID ", libstdc++ " STACKPROBE_PLUGIN_STRINGIFY(
                _GLIBCXX_RELEASE) " with _GLIBCXX_USE_CXX11_ABI=1 (g++ and "
                                  "clang++ both work)");
}

TEST(PluginLoaderTest, RefusesANameThatDiffersFromTheFile) {
  PluginFolder folder;
  folder.Add("misnamed");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "misnamed.so"),
            "the plugin calls itself \"something_else\" but the file "
            "is named misnamed.so");
}

TEST(PluginLoaderTest, ALibPrefixIsNotStripped) {
  PluginFolder folder;
  folder.Add("good_probe", "libgood_probe");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "libgood_probe.so"),
            "the plugin calls itself \"good_probe\" but the file "
            "is named libgood_probe.so");
}

TEST(PluginLoaderTest, AFileThatIsNoLibrarySaysWhyNotBadFileDescriptor) {
  PluginFolder folder;
  const std::string path = folder.dir() + "/notes.so";
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("this is not an ELF file\n", file);
    std::fclose(file);
  }
  chmod(path.c_str(), 0755);
  PluginLoader loader;
  const auto reason = RefusalFor(loader.Scan({folder.dir()}), "notes.so");
  EXPECT_EQ(reason.rfind("cannot load: ", 0), 0u) << reason;
  EXPECT_NE(reason.find("notes.so"), std::string::npos) << reason;
  EXPECT_EQ(reason.find("Bad file descriptor"), std::string::npos) << reason;
}

TEST(PluginLoaderTest, RefusesAWorldWritableFileWithoutLoadingIt) {
  PluginFolder folder;
  const auto path = folder.Add("good_probe");
  chmod(path.c_str(), 0777);
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "good_probe.so"),
            "the file is writable by group or others (mode 0777)");
}

TEST(PluginLoaderTest, RefusesAFileInAFolderOthersCanWrite) {
  PluginFolder folder;
  folder.Add("good_probe");
  chmod(folder.dir().c_str(), 0777);
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_NE(RefusalFor(result, "good_probe.so").find("writable by group"),
            std::string::npos);
}

TEST(PluginLoaderTest, RefusesAFileOwnedBySomeoneElse) {
  PluginFolder folder;
  const auto path = folder.Add("good_probe");
  ASSERT_EQ(chown(path.c_str(), 4242, 4242), 0);
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_NE(RefusalFor(result, "good_probe.so").find("owned by uid 4242"),
            std::string::npos);
}

TEST(PluginLoaderTest, ContainsAThrowingCreate) {
  PluginFolder folder;
  folder.Add("throwing_create");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  ASSERT_EQ(result.plugins.size(), 1u);
  std::string error;
  auto object = CreateInstance(*result.plugins[0], "{}", error);
  EXPECT_EQ(object, nullptr);
  EXPECT_EQ(error, "cannot open /nonexistent/model.bin");
}

TEST(PluginLoaderTest, AMissingFolderIsARefusalNotAnError) {
  PluginLoader loader;
  const auto result = loader.Scan({"/nonexistent/stackprobe/plugins"});
  EXPECT_TRUE(result.plugins.empty());
  ASSERT_EQ(result.refusals.size(), 1u);
  EXPECT_EQ(result.refusals[0].reason, "plugin folder does not exist");
}

TEST(PluginLoaderTest, TheFirstFolderWinsForTheSameName) {
  PluginFolder first;
  PluginFolder second;
  first.Add("good_probe");
  second.Add("good_probe");
  PluginLoader loader;
  const auto result = loader.Scan({first.dir(), second.dir()});
  ASSERT_EQ(result.plugins.size(), 1u);
  EXPECT_EQ(fs::path(result.plugins[0]->path).parent_path(), first.dir());
  EXPECT_NE(RefusalFor(result, "good_probe.so").find("shadowed by"),
            std::string::npos);
}

// A one-shot command loads only the plugins its config names: the other
// files are not even opened (so not refused either).
TEST(PluginLoaderTest, AScanForSomePluginsOpensNoOtherFile) {
  PluginFolder folder;
  folder.Add("good_probe");
  const std::string other = folder.Add("good_probe", "other_probe");
  chmod(other.c_str(), 0777);  // Would be refused if it were opened.
  PluginLoader loader;
  const std::set<std::string> only = {"good_probe", "not_installed"};
  const auto result = loader.Scan({folder.dir()}, &only);
  ASSERT_EQ(result.plugins.size(), 1u);
  EXPECT_EQ(result.plugins[0]->name, "good_probe");
  EXPECT_TRUE(result.refusals.empty()) << result.refusals[0].reason;
  // Without the selection the other file is opened (and refused).
  EXPECT_NE(RefusalFor(loader.Scan({folder.dir()}), "other_probe.so"), "");
}

TEST(PluginLoaderTest, ARescanReusesLoadedLibraries) {
  PluginFolder folder;
  folder.Add("good_probe");
  PluginLoader loader;
  const auto once = loader.Scan({folder.dir()});
  const auto twice = loader.Scan({folder.dir()});
  ASSERT_EQ(once.plugins.size(), 1u);
  ASSERT_EQ(twice.plugins.size(), 1u);
  EXPECT_EQ(once.plugins[0].get(), twice.plugins[0].get());
}

TEST(PluginLoaderTest, RefusesASymbolicLinkWithoutFollowingIt) {
  PluginFolder folder;
  PluginFolder elsewhere;
  const auto real = elsewhere.Add("good_probe");
  fs::create_symlink(real, folder.dir() + "/good_probe.so");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "good_probe.so"),
            "a symbolic link (plugins are loaded only from the file "
            "itself, never through a link)");
}

TEST(PluginLoaderTest, RefusesAStickyFolderOthersCanWrite) {
  PluginFolder folder;
  folder.Add("good_probe");
  chmod(folder.dir().c_str(), 01777);
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  EXPECT_TRUE(result.plugins.empty());
  EXPECT_EQ(RefusalFor(result, "good_probe.so"),
            "its folder " + folder.dir() +
                " is writable by group or others (mode 1777), sticky or not");
}

TEST(PluginLoaderTest, TwoPluginsLoadedOneAfterTheOtherStayApart) {
  PluginFolder folder;
  folder.Add("good_probe");
  folder.Add("throwing_create");
  PluginLoader loader;
  const auto result = loader.Scan({folder.dir()});
  ASSERT_EQ(result.plugins.size(), 2u);
  EXPECT_EQ(result.plugins[0]->name, "good_probe");
  EXPECT_EQ(result.plugins[1]->name, "throwing_create");
  EXPECT_NE(result.plugins[0]->descriptor, result.plugins[1]->descriptor);
  EXPECT_EQ(result.plugins[0]->path, folder.dir() + "/good_probe.so");
}

}  // namespace
}  // namespace stackprobe::loader
