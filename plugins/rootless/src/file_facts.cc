// SPDX-License-Identifier: Apache-2.0
#include "file_facts.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace stackprobe::rootless {
namespace {

// Layout of struct vfs_cap_data (linux/capability.h).
constexpr std::uint32_t kRevisionMask = 0xFF000000U;
constexpr std::uint32_t kRevision1 = 0x01000000U;
constexpr std::uint32_t kRevision2 = 0x02000000U;
constexpr std::uint32_t kRevision3 = 0x03000000U;
constexpr std::uint32_t kEffectiveFlag = 0x000001U;

std::uint32_t LittleEndian32(std::string_view raw, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value |=
        static_cast<std::uint32_t>(static_cast<unsigned char>(raw[offset + i]))
        << (8 * i);
  }
  return value;
}

}  // namespace

bool FileCapabilities::Grants(int capability) const {
  return effective && capability >= 0 && capability < 64 &&
         ((permitted >> capability) & 1U) != 0;
}

std::optional<FileCapabilities> DecodeFileCapabilities(std::string_view raw) {
  if (raw.size() < 4) return std::nullopt;
  const std::uint32_t magic = LittleEndian32(raw, 0);
  std::size_t words = 0;
  std::size_t needed = 0;
  switch (magic & kRevisionMask) {
    case kRevision1:
      words = 1;
      needed = 4 + 8;
      break;
    case kRevision2:
      words = 2;
      needed = 4 + 16;
      break;
    case kRevision3:
      words = 2;
      needed = 4 + 16 + 4;
      break;
    default:
      return std::nullopt;
  }
  if (raw.size() < needed) return std::nullopt;
  FileCapabilities caps;
  caps.effective = (magic & kEffectiveFlag) != 0;
  for (std::size_t word = 0; word < words; ++word) {
    caps.permitted |=
        static_cast<std::uint64_t>(LittleEndian32(raw, 4 + 8 * word))
        << (32 * word);
  }
  return caps;
}

FileFacts InspectFile(const std::string& path) {
  FileFacts facts;
  facts.path = path;
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    facts.stat_error = std::strerror(errno);
    return facts;
  }
  facts.exists = true;
  facts.regular = S_ISREG(info.st_mode);
  facts.mode = info.st_mode;
  facts.uid = info.st_uid;
  facts.gid = info.st_gid;
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) == 0) {
    facts.nosuid_mount = (fs.f_flag & ST_NOSUID) != 0;
  }
  std::array<char, 64> raw{};
  const ssize_t size =
      getxattr(path.c_str(), "security.capability", raw.data(), raw.size());
  if (size > 0) {
    facts.capabilities = DecodeFileCapabilities(
        std::string_view(raw.data(), static_cast<std::size_t>(size)));
  }
  return facts;
}

bool IsPathMatch(const FileFacts& facts) {
  return facts.exists && facts.regular && (facts.mode & 0111) != 0;
}

bool UserCanExecute(const FileFacts& facts, const UserIdentity& user) {
  if (!IsPathMatch(facts)) return false;
  if (user.uid == 0) return true;
  if (facts.uid == user.uid) return (facts.mode & S_IXUSR) != 0;
  const bool in_group =
      facts.gid == user.gid || std::find(user.groups.begin(), user.groups.end(),
                                         facts.gid) != user.groups.end();
  if (in_group) return (facts.mode & S_IXGRP) != 0;
  return (facts.mode & S_IXOTH) != 0;
}

std::string ModeString(mode_t mode) {
  std::string text = "----------";
  if (S_ISDIR(mode)) text[0] = 'd';
  if (S_ISLNK(mode)) text[0] = 'l';
  const char kLetters[] = "rwxrwxrwx";
  for (int bit = 0; bit < 9; ++bit) {
    if ((mode & (1U << (8 - bit))) != 0) {
      text[static_cast<std::size_t>(bit + 1)] = kLetters[bit];
    }
  }
  auto special = [&text](std::size_t index, bool set, char with_x,
                         char without_x) {
    if (set) text[index] = text[index] == 'x' ? with_x : without_x;
  };
  special(3, (mode & S_ISUID) != 0, 's', 'S');
  special(6, (mode & S_ISGID) != 0, 's', 'S');
  special(9, (mode & S_ISVTX) != 0, 't', 'T');
  return text;
}

std::string DescribeFile(const FileFacts& facts) {
  if (!facts.exists) return facts.path + ": " + facts.stat_error;
  std::string text = facts.path + ": " + ModeString(facts.mode) + " owner " +
                     std::to_string(facts.uid) + ":" +
                     std::to_string(facts.gid);
  if (!facts.regular) text += ", not a regular file";
  if (facts.capabilities) {
    std::string caps;
    if ((facts.capabilities->permitted >> kCapSetuid) & 1U)
      caps += "cap_setuid,";
    if ((facts.capabilities->permitted >> kCapSetgid) & 1U)
      caps += "cap_setgid,";
    if (!caps.empty()) caps.pop_back();
    text += ", file capabilities " +
            (caps.empty() ? std::string("(other)") : caps) +
            (facts.capabilities->effective ? "=ep" : "=p (no effective flag)");
  } else {
    text += ", no file capabilities";
  }
  text += facts.nosuid_mount ? ", on a nosuid mount" : ", mount allows setuid";
  return text;
}

}  // namespace stackprobe::rootless
