// SPDX-License-Identifier: Apache-2.0
//
// Durable writes: when the legacy JSON's folder turns read-only (a tmpfs
// remounted ro), the previous file stays as it was, the failure is logged,
// and stackprobe_file_write_failures_total{instance} counts it.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include "e2e_support.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

// A small tmpfs mounted on a folder of the test, unmounted on destruction.
class TmpfsMount {
 public:
  explicit TmpfsMount(const std::string& where) : where_(where) {
    std::filesystem::create_directories(where_);
    if (::mount("tmpfs", where_.c_str(), "tmpfs", 0, "size=1m,mode=0755") !=
        0) {
      error_ = std::strerror(errno);
    }
  }
  ~TmpfsMount() {
    if (error_.empty()) ::umount2(where_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  const std::string& error() const { return error_; }
  bool MakeReadOnly() {
    return ::mount(nullptr, where_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY,
                   nullptr) == 0;
  }

 private:
  std::string where_;
  std::string error_;
};

double MetricValue(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + series.size() + 2));
}

TEST(WriteFailureTest, AReadOnlyFolderKeepsTheOldFileLogsAndCounts) {
  TempDir dir;
  TmpfsMount mount(dir.path() + "/out");
  ASSERT_TRUE(mount.error().empty())
      << "mounting a tmpfs failed (" << mount.error()
      << "); this test needs root (CI runs as root)";
  const std::string target = dir.path() + "/out/ai_metrics.json";
  const std::string folder = dir.path() + "/plugins";
  CopyPlugins(STACKPROBE_TEST_PLUGIN_DIR, folder, {"good_probe"});
  CopyPlugins(STACKPROBE_PLUGIN_DIR, folder, {"legacy_ai_metrics"});
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write(
      "stackprobe.yml",
      ConfigText(port, folder,
                 "probes:\n"
                 "  - {name: aidb, plugin: good_probe, interval: 100ms,"
                 " timeout: 100ms}\n"
                 "sinks:\n"
                 "  - {name: legacy, plugin: legacy_ai_metrics,"
                 " config: {path: \"" +
                     target + "\"}}\n"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();
  ASSERT_TRUE(PollUntil([&] { return std::filesystem::exists(target); },
                        milliseconds(10000)))
      << daemon.Log();

  ASSERT_TRUE(mount.MakeReadOnly()) << std::strerror(errno);
  const std::string kept = ReadWholeFile(target);
  const auto series =
      std::string("stackprobe_file_write_failures_total{instance=\"legacy\"}");
  ASSERT_TRUE(PollUntil(
      [&] {
        return MetricValue(daemon.Request("GET", "/metrics").body, series) >= 2;
      },
      milliseconds(10000)))
      << daemon.Log();
  EXPECT_EQ(ReadWholeFile(target), kept);
  EXPECT_FALSE(nlohmann::json::parse(kept, nullptr, false).is_discarded());
  EXPECT_NE(daemon.Log().find("event=file_write_failed instance=legacy"),
            std::string::npos)
      << daemon.Log();
  // No temporary file was left behind in the folder either.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(dir.path() + "/out")) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace stackprobe::testing
