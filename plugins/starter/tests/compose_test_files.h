// SPDX-License-Identifier: Apache-2.0
//
// Temporary compose projects for the compose tests, and the fixture stack.
#ifndef STACKPROBE_PLUGINS_STARTER_TESTS_COMPOSE_TEST_FILES_H_
#define STACKPROBE_PLUGINS_STARTER_TESTS_COMPOSE_TEST_FILES_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace stackprobe::starter::testing {

/// The fixture shaped like the AI stack's compose file (and its .env).
inline std::string StackFixtureDir() {
  return std::string(STACKPROBE_COMPOSE_FIXTURES) + "/ai-stack";
}

/// A fresh folder (removed on destruction) holding compose files.
class ComposeFolder {
 public:
  /// Creates /tmp/NAME.XXXXXX; NAME becomes the default project name
  /// (lower-cased, without other characters than a-z 0-9 _ -).
  explicit ComposeFolder(const std::string& name = "stackprobe-compose") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (name + ".XXXXXX")).string();
    root_ = ::mkdtemp(pattern.data());
  }
  ~ComposeFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  ComposeFolder(const ComposeFolder&) = delete;
  ComposeFolder& operator=(const ComposeFolder&) = delete;

  /// The folder.
  const std::string& root() const { return root_; }
  /// Writes `relative` (creating folders) and returns its path.
  std::string Write(const std::string& relative,
                    const std::string& text) const {
    const std::filesystem::path path = std::filesystem::path(root_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  /// Copies the fixture stack (compose file and .env) here; returns the
  /// compose file's path.
  std::string CopyStackFixture() const {
    for (const char* file : {"docker-compose.yml", ".env"}) {
      std::filesystem::copy_file(
          StackFixtureDir() + "/" + file, root_ + "/" + file,
          std::filesystem::copy_options::overwrite_existing);
    }
    return root_ + "/docker-compose.yml";
  }

 private:
  std::string root_;
};

}  // namespace stackprobe::starter::testing

#endif  // STACKPROBE_PLUGINS_STARTER_TESTS_COMPOSE_TEST_FILES_H_
