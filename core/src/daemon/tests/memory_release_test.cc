// SPDX-License-Identifier: Apache-2.0
//
// glibc's allocator, as the daemon drives it: freed heap pages leave the
// process. (Not built with the sanitizers, whose allocator replaces
// glibc's.)
#include "daemon/memory_release.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace stackprobe::daemon {
namespace {

long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// A block written through, so that its pages are resident.
std::unique_ptr<char[]> Touched(std::size_t bytes) {
  auto block = std::make_unique<char[]>(bytes);
  std::memset(block.get(), 'x', bytes);
  return block;
}

TEST(MemoryReleaseTest, FreeHeapPagesAreGivenBack) {
  // Blocks under glibc's mapping threshold come from the heap; small live
  // blocks between them keep the freed space from being the heap's top.
  std::vector<std::unique_ptr<char[]>> blocks;
  std::vector<std::unique_ptr<char[]>> live;
  for (int i = 0; i < 640; ++i) {
    blocks.push_back(Touched(100 * 1024));
    live.push_back(Touched(64));
  }
  blocks.clear();
  const long freed = ResidentKb();
  ReleaseFreeMemory();
  const long released = ResidentKb();
  EXPECT_GT(freed - released, 40 * 1024)
      << "after free " << freed << " KB, after release " << released << " KB";
}

}  // namespace
}  // namespace stackprobe::daemon
