// SPDX-License-Identifier: Apache-2.0
//
// Temp folders and files for the telemetry tests.
#ifndef STACKPROBE_PLUGINS_TELEMETRY_TESTS_TELEMETRY_TEST_FILES_H_
#define STACKPROBE_PLUGINS_TELEMETRY_TESTS_TELEMETRY_TEST_FILES_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace stackprobe::telemetry::testing {

/// A folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string templ = "/tmp/stackprobe-telemetry-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline void AppendFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::app) << text;
}

inline std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(STACKPROBE_TELEMETRY_FIXTURES) + "/" + name,
                   std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace stackprobe::telemetry::testing

#endif  // STACKPROBE_PLUGINS_TELEMETRY_TESTS_TELEMETRY_TEST_FILES_H_
