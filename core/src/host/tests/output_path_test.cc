// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/sdk/output_path.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace stackprobe::sdk {
namespace {

TEST(OutputPathTest, SystemFoldersAreKnownByTheirTopFolder) {
  EXPECT_EQ(SystemFolderOf("/etc"), "/etc");
  EXPECT_EQ(SystemFolderOf("/etc/stackprobe"), "/etc");
  EXPECT_EQ(SystemFolderOf("/usr/local/share"), "/usr");
  EXPECT_EQ(SystemFolderOf("/lib64"), "/lib64");
  EXPECT_EQ(SystemFolderOf("/libx32/x"), "/libx32");
  EXPECT_EQ(SystemFolderOf("/proc/self"), "/proc");
  EXPECT_EQ(SystemFolderOf("/dev"), "/dev");
  EXPECT_EQ(SystemFolderOf("/dev/disk/by-id"), "/dev");
  EXPECT_EQ(SystemFolderOf("/dev/shm"), "");
  EXPECT_EQ(SystemFolderOf("/dev/shm/stackprobe"), "");
  EXPECT_EQ(SystemFolderOf("/dev/shmx"), "/dev");
  EXPECT_EQ(SystemFolderOf("/"), "");
  EXPECT_EQ(SystemFolderOf("/etcetera"), "");
  EXPECT_EQ(SystemFolderOf("/var/lib/stackprobe"), "");
  EXPECT_EQ(SystemFolderOf("/home/u/.local/share"), "");
}

TEST(OutputPathTest, OnlyARegularFileOfTheUserMayBeReplaced) {
  struct stat facts {};
  facts.st_mode = S_IFREG | 0644;
  facts.st_uid = 1000;
  EXPECT_EQ(ReplaceRefusal(facts, 1000), std::nullopt);
  EXPECT_EQ(ReplaceRefusal(facts, 0),
            "expected a new file or a regular file of uid 0 to replace, got a "
            "file of uid 1000");
  facts.st_uid = 0;
  facts.st_mode = S_IFLNK | 0777;
  EXPECT_EQ(ReplaceRefusal(facts, 0),
            "expected a new file or a regular file of uid 0 to replace, got a "
            "symbolic link");
  facts.st_mode = S_IFCHR | 0666;
  EXPECT_EQ(ReplaceRefusal(facts, 0),
            "expected a new file or a regular file of uid 0 to replace, got a "
            "character device");
}

TEST(OutputPathTest, APathIsJudgedWhereItReallyLeads) {
  EXPECT_EQ(OutputPathRefusal("/etc/../etc/passwd"),
            "expected a path outside the system folders (/etc, /usr, /bin, "
            "/sbin, /lib*, /boot, /proc, /sys, /dev), got "
            "\"/etc/../etc/passwd\", which is in /etc");
  EXPECT_EQ(OutputPathRefusal("/tmp/../sys/kernel/x"),
            "expected a path outside the system folders (/etc, /usr, /bin, "
            "/sbin, /lib*, /boot, /proc, /sys, /dev), got "
            "\"/tmp/../sys/kernel/x\", which is in /sys");
  EXPECT_EQ(OutputPathRefusal("/nonexistent/stackprobe/ai_metrics.json"),
            std::nullopt);
}

}  // namespace
}  // namespace stackprobe::sdk
