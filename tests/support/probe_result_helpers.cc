// SPDX-License-Identifier: Apache-2.0
#include "probe_result_helpers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace stackprobe::testing {

std::optional<double> SampleValue(const ProbeResult& result,
                                  const std::string& name,
                                  const Labels& labels) {
  for (const auto& sample : result.samples) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

std::string ReadFixture(const std::string& service, const std::string& name) {
  const std::string path =
      std::string(STACKPROBE_FIXTURES_DIR) + "/" + service + "/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "missing fixture " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace stackprobe::testing
