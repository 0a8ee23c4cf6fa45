// SPDX-License-Identifier: Apache-2.0
#include "user_identity.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace stackprobe::rootless {
namespace {

std::optional<std::uint32_t> ParseId(const std::string& text) {
  std::uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<UserIdentity> FromPasswdFile(const std::string& spec,
                                           const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    throw std::invalid_argument("passwd_file: cannot read " + file);
  }
  const std::optional<std::uint32_t> wanted_uid = ParseId(spec);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream fields_in(line);
    std::string field;
    while (std::getline(fields_in, field, ':')) fields.push_back(field);
    if (fields.size() < 6) continue;
    const auto uid = ParseId(fields[2]);
    const auto gid = ParseId(fields[3]);
    if (!uid || !gid) continue;
    if (fields[0] == spec || (wanted_uid && *wanted_uid == *uid)) {
      UserIdentity identity;
      identity.name = fields[0];
      identity.uid = *uid;
      identity.gid = *gid;
      identity.home = fields[5];
      identity.groups = {identity.gid};
      return identity;
    }
  }
  return std::nullopt;
}

std::optional<UserIdentity> FromSystem(const std::string& spec) {
  long suggested = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(suggested > 0 ? static_cast<std::size_t>(suggested)
                                         : 16384);
  passwd entry{};
  passwd* found = nullptr;
  const std::optional<std::uint32_t> uid = ParseId(spec);
  for (int attempt = 0; attempt < 6; ++attempt) {
    int rc =
        uid ? getpwuid_r(*uid, &entry, buffer.data(), buffer.size(), &found)
            : getpwnam_r(spec.c_str(), &entry, buffer.data(), buffer.size(),
                         &found);
    if (rc != ERANGE) break;
    buffer.resize(buffer.size() * 2);
  }
  if (found == nullptr) return std::nullopt;
  UserIdentity identity;
  identity.name = found->pw_name;
  identity.uid = found->pw_uid;
  identity.gid = found->pw_gid;
  identity.home = found->pw_dir;
  int count = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  if (getgrouplist(identity.name.c_str(), identity.gid, groups.data(), &count) <
      0) {
    groups.resize(static_cast<std::size_t>(count));
    getgrouplist(identity.name.c_str(), identity.gid, groups.data(), &count);
  }
  groups.resize(static_cast<std::size_t>(std::max(count, 0)));
  identity.groups = groups;
  if (identity.groups.empty()) identity.groups = {identity.gid};
  return identity;
}

}  // namespace

UserIdentity ResolveUser(const std::string& spec,
                         const std::string& passwd_file) {
  const std::string wanted = spec.empty() ? std::to_string(geteuid()) : spec;
  std::optional<UserIdentity> identity =
      passwd_file.empty() ? FromSystem(wanted)
                          : FromPasswdFile(wanted, passwd_file);
  if (!identity) {
    throw std::invalid_argument(
        "user: expected an existing user name or uid, got \"" + wanted + "\"");
  }
  return *identity;
}

std::string UserNameOf(uid_t uid) {
  const std::optional<UserIdentity> identity = FromSystem(std::to_string(uid));
  return identity ? identity->name : std::to_string(uid);
}

}  // namespace stackprobe::rootless
