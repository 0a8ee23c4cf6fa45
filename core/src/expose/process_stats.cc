// SPDX-License-Identifier: Apache-2.0
#include "expose/process_stats.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::expose {
namespace {

// /proc files report a size of 0, so read until EOF rather than by size.
std::string ReadSmallFile(const char* path) {
  std::string content;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return content;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

double ParseNumber(std::string_view text) {
  double value = 0;
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return 0;
  text.remove_prefix(first);
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Fields of /proc/self/stat after the command name, which is in parentheses
// and may itself contain spaces and parentheses (see proc(5)).
std::vector<std::string_view> StatFieldsAfterComm(std::string_view stat) {
  std::vector<std::string_view> fields;
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) return fields;
  stat.remove_prefix(close + 1);
  while (!stat.empty()) {
    const auto start = stat.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    stat.remove_prefix(start);
    const auto end = stat.find_first_of(" \n");
    fields.push_back(stat.substr(0, end));
    if (end == std::string_view::npos) break;
    stat.remove_prefix(end);
  }
  return fields;
}

double CountOpenFds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  // The directory stream holds one descriptor of its own while counting.
  return count > 0 ? count - 1 : 0;
}

double ReadMaxFds() {
  const std::string limits = ReadSmallFile("/proc/self/limits");
  constexpr std::string_view kLine = "Max open files";
  const auto pos = limits.find(kLine);
  if (pos == std::string::npos) return 0;
  const std::string_view rest =
      std::string_view(limits).substr(pos + kLine.size());
  if (rest.find_first_not_of(' ') != std::string_view::npos &&
      rest.substr(rest.find_first_not_of(' ')).starts_with("unlimited")) {
    return INFINITY;
  }
  return ParseNumber(rest);
}

double ReadBootTime() {
  const std::string stat = ReadSmallFile("/proc/stat");
  const auto pos = stat.find("\nbtime ");
  if (pos == std::string::npos) return 0;
  return ParseNumber(std::string_view(stat).substr(pos + 7));
}

}  // namespace

ProcessStats ReadProcessStats() {
  ProcessStats stats;
  const std::string stat = ReadSmallFile("/proc/self/stat");
  const auto fields = StatFieldsAfterComm(stat);
  // proc(5) numbers fields from 1 with comm as field 2; fields[0] here is
  // field 3 (state), so field N is fields[N - 3].
  constexpr std::size_t kUtime = 14 - 3;
  constexpr std::size_t kStime = 15 - 3;
  constexpr std::size_t kStartTime = 22 - 3;
  constexpr std::size_t kVsize = 23 - 3;
  constexpr std::size_t kRss = 24 - 3;
  const long ticks = ::sysconf(_SC_CLK_TCK);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  if (fields.size() > kRss && ticks > 0 && page_size > 0) {
    const auto tick_seconds = 1.0 / static_cast<double>(ticks);
    stats.cpu_seconds =
        (ParseNumber(fields[kUtime]) + ParseNumber(fields[kStime])) *
        tick_seconds;
    stats.virtual_bytes = ParseNumber(fields[kVsize]);
    stats.resident_bytes =
        ParseNumber(fields[kRss]) * static_cast<double>(page_size);
    const double boot_time = ReadBootTime();
    if (boot_time > 0) {
      stats.start_time_seconds =
          boot_time + ParseNumber(fields[kStartTime]) * tick_seconds;
    }
  }
  stats.open_fds = CountOpenFds();
  stats.max_fds = ReadMaxFds();
  return stats;
}

}  // namespace stackprobe::expose
