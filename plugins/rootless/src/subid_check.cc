// SPDX-License-Identifier: Apache-2.0
#include "subid_check.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

namespace stackprobe::rootless {
namespace {

constexpr std::size_t kMaxFileBytes = 4 << 20;
constexpr std::uint64_t kFirstFreeStart = 100000;

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string RangeText(const std::string& file, const SubIdRange& range) {
  return file + ":" + std::to_string(range.line) + ": " + range.owner + ":" +
         std::to_string(range.start) + ":" + std::to_string(range.count);
}

// A start above every existing range, so the suggested range is free.
std::uint64_t FreeStart(const SubIdFile& parsed) {
  std::uint64_t start = kFirstFreeStart;
  for (const SubIdRange& range : parsed.ranges) {
    start = std::max(start, range.start + range.count);
  }
  return start;
}

}  // namespace

SubIdFile ParseSubIdFile(std::string_view text) {
  SubIdFile parsed;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t first = line.find(':');
    const std::size_t second =
        first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos || first == 0) {
      parsed.malformed_lines.push_back(line_number);
      continue;
    }
    const auto range_start =
        ParseNumber(line.substr(first + 1, second - first - 1));
    const auto count = ParseNumber(line.substr(second + 1));
    if (!range_start || !count) {
      parsed.malformed_lines.push_back(line_number);
      continue;
    }
    parsed.ranges.push_back(SubIdRange{std::string(line.substr(0, first)),
                                       *range_start, *count, line_number});
  }
  return parsed;
}

SubIdOutcome CheckSubIds(SubIdKind kind, const std::string& file,
                         const UserIdentity& user, std::uint64_t min_range) {
  const bool uid_kind = kind == SubIdKind::kSubUid;
  SubIdOutcome outcome;
  Check& check = outcome.check;
  check.id = uid_kind ? "subuid_range" : "subgid_range";
  const std::string what = uid_kind ? "subordinate UID" : "subordinate GID";
  const std::string flag = uid_kind ? "--add-subuids" : "--add-subgids";
  const std::string nix_list = uid_kind ? "subUidRanges" : "subGidRanges";
  const std::string nix_start = uid_kind ? "startUid" : "startGid";

  std::ifstream in(file, std::ios::binary);
  if (!in) {
    check.status = CheckStatus::kFail;
    check.title = "cannot read " + file;
    check.evidence = file + ": " + std::strerror(errno);
    check.fix_generic = "create " + file + " with a line " + user.name +
                        ":100000:" + std::to_string(min_range) + " (usermod " +
                        flag + " 100000-" +
                        std::to_string(100000 + min_range - 1) + " " +
                        user.name + ")";
    check.fix_nixos =
        "users.users." + user.name + "." + nix_list + " = [ { " + nix_start +
        " = 100000; count = " + std::to_string(min_range) + "; } ];";
    return outcome;
  }
  std::string text(kMaxFileBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  const SubIdFile parsed = ParseSubIdFile(text);

  const std::string uid_text = std::to_string(user.uid);
  std::vector<SubIdRange> own;
  std::vector<SubIdRange> others;
  for (const SubIdRange& range : parsed.ranges) {
    (range.owner == user.name || range.owner == uid_text ? own : others)
        .push_back(range);
  }
  std::uint64_t total = 0;
  std::vector<std::string> evidence;
  for (const SubIdRange& range : own) {
    total += range.count;
    evidence.push_back(RangeText(file, range));
  }
  outcome.range_size = total;
  if (!parsed.malformed_lines.empty()) {
    std::string lines;
    for (int line : parsed.malformed_lines) {
      lines += (lines.empty() ? "" : ",") + std::to_string(line);
    }
    evidence.push_back(file + ": malformed line(s) " + lines + " ignored");
  }

  const std::uint64_t free_start = FreeStart(parsed);
  const std::string add_fix =
      "usermod " + flag + " " + std::to_string(free_start) + "-" +
      std::to_string(free_start + min_range - 1) + " " + user.name;
  const std::string nix_fix =
      "users.users." + user.name + "." + nix_list + " = [ { " + nix_start +
      " = " + std::to_string(free_start) +
      "; count = " + std::to_string(min_range) + "; } ];";

  if (own.empty()) {
    check.status = CheckStatus::kFail;
    check.title = "no " + what + " range for " + user.name + " in " + file +
                  " (podman falls back to a single-ID mapping)";
    evidence.insert(evidence.begin(), file + ": no line for " + user.name +
                                          " or " + uid_text + " (" +
                                          std::to_string(parsed.ranges.size()) +
                                          " range(s) of other users)");
    check.fix_generic = add_fix;
    check.fix_nixos = nix_fix;
  } else if (total < min_range) {
    check.status = CheckStatus::kFail;
    check.title = what + " range of " + user.name + " holds " +
                  std::to_string(total) + " IDs, fewer than " +
                  std::to_string(min_range) + " (images using higher IDs fail)";
    check.fix_generic = add_fix;
    check.fix_nixos = nix_fix;
  } else {
    check.status = CheckStatus::kOk;
    check.title = user.name + " has " + std::to_string(total) + " " + what +
                  "s in " + file;
  }

  std::vector<std::string> overlaps;
  for (const SubIdRange& mine : own) {
    for (const SubIdRange& other : others) {
      const bool overlap = mine.start < other.start + other.count &&
                           other.start < mine.start + mine.count;
      if (overlap) {
        overlaps.push_back(RangeText(file, mine) + " overlaps " +
                           RangeText(file, other));
      }
    }
  }
  if (!overlaps.empty()) {
    evidence.insert(evidence.end(), overlaps.begin(), overlaps.end());
    if (check.status == CheckStatus::kOk) {
      check.status = CheckStatus::kWarn;
      check.title = what + " range of " + user.name +
                    " overlaps another user's range (their containers share "
                    "host IDs)";
      check.fix_generic = "give " + user.name +
                          " a range of its own: remove "
                          "the overlapping line(s) and run " +
                          add_fix;
      check.fix_nixos = nix_fix;
    }
  }
  check.evidence.clear();
  for (const std::string& line : evidence) {
    if (!check.evidence.empty()) check.evidence += "\n";
    check.evidence += line;
  }
  return outcome;
}

}  // namespace stackprobe::rootless
