// SPDX-License-Identifier: Apache-2.0
#include "telemetry_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/iso_time.h"

namespace stackprobe::telemetry {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr double kMaxTokensPerEvent = 1e12;

// An event's "decision" string, else the one under "metadata" (where the
// stack's demo event writer puts it), else "".
std::string_view ParsedDecision(const nlohmann::json& event) {
  if (const auto it = event.find("decision");
      it != event.end() && it->is_string()) {
    return it->get_ref<const std::string&>();
  }
  if (const auto metadata = event.find("metadata");
      metadata != event.end() && metadata->is_object()) {
    if (const auto it = metadata->find("decision");
        it != metadata->end() && it->is_string()) {
      return it->get_ref<const std::string&>();
    }
  }
  return {};
}

// Closes a file descriptor on every path out of Update.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

TelemetryTail::TelemetryTail(std::size_t max_line_bytes)
    : max_line_bytes_(max_line_bytes) {}

void TelemetryTail::Reset() {
  known_ = false;
  offset_ = 0;
  skipping_ = false;
  totals_ = TelemetryTotals{};
  decisions_.Clear();
  legacy_.Clear();
}

TelemetryTail::Status TelemetryTail::Update(
    const std::string& path, std::chrono::steady_clock::time_point deadline,
    std::string& error) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  FdCloser closer{fd};
  if (fd < 0) {
    const int open_errno = errno;
    if (open_errno == ENOENT || open_errno == ENOTDIR) {
      Reset();
      return Status::kMissing;
    }
    error = std::strerror(open_errno);
    return Status::kUnreadable;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    error = std::strerror(errno);
    return Status::kUnreadable;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "not a regular file";
    return Status::kUnreadable;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (!known_ || info.st_dev != device_ || info.st_ino != inode_ ||
      size < offset_) {
    Reset();
    known_ = true;
    device_ = info.st_dev;
    inode_ = info.st_ino;
  }

  std::string pending;  // Bytes after offset_ not yet consumed.
  std::vector<char> chunk(kChunkBytes);
  for (;;) {
    if (std::chrono::steady_clock::now() >= deadline) break;
    const ssize_t got = pread(fd, chunk.data(), chunk.size(),
                              static_cast<off_t>(offset_ + pending.size()));
    if (got < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return Status::kUnreadable;
    }
    if (got == 0) break;
    pending.append(chunk.data(), static_cast<std::size_t>(got));

    std::size_t start = 0;
    for (;;) {
      const std::size_t newline = pending.find('\n', start);
      if (newline == std::string::npos) break;
      if (skipping_) {
        skipping_ = false;
        ++totals_.skipped_lines;
        legacy_.AddUnsearchedLine();
      } else {
        std::string_view line(pending.data() + start, newline - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ConsumeLine(line);
      }
      start = newline + 1;
    }
    offset_ += start;
    pending.erase(0, start);
    // An unfinished line that is already too long is dropped now, so that
    // memory stays bounded by max_line_bytes plus one chunk.
    if (skipping_ || pending.size() > max_line_bytes_) {
      skipping_ = true;
      offset_ += pending.size();
      pending.clear();
    }
  }
  return Status::kOk;
}

void TelemetryTail::ConsumeLine(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) {
    legacy_.AddLine(line, "");
    return;
  }
  if (line.size() > max_line_bytes_) {
    ++totals_.skipped_lines;
    legacy_.AddUnsearchedLine();
    return;
  }
  std::string parse_error;  // A skipped line is counted, not explained.
  const auto parsed =
      plugin_common::ParseBoundedJson(line, parse_error, kMaxJsonDepth);
  if (!parsed || !parsed->is_object()) {
    ++totals_.skipped_lines;
    legacy_.AddLine(line, "");
    return;
  }
  const nlohmann::json& event = *parsed;
  ++totals_.events;

  totals_.last_event_time.clear();
  totals_.last_event_timestamp.reset();
  if (const auto it = event.find("timestamp");
      it != event.end() && it->is_string()) {
    totals_.last_event_time = it->get<std::string>();
    totals_.last_event_timestamp =
        plugin_common::ParseIsoTimestamp(totals_.last_event_time);
  }
  legacy_.AddLine(line, totals_.last_event_time);

  std::string type = kOtherEventType;
  if (const auto it = event.find("event_type");
      it != event.end() && it->is_string()) {
    type = it->get<std::string>();
  }
  if (totals_.events_by_type.count(type) == 0 &&
      (type.empty() || type.size() > 64 ||
       totals_.events_by_type.size() -
               totals_.events_by_type.count(kOtherEventType) >=
           kMaxEventTypes)) {
    type = kOtherEventType;
  }
  ++totals_.events_by_type[type];

  const std::string_view decision = ParsedDecision(event);
  decisions_.Push(decision == "local", decision == "remote");

  if (const auto it = event.find("tokens_saved");
      it != event.end() && it->is_number()) {
    // Bounded so that a hostile value cannot overflow the running sum.
    const double value = it->get<double>();
    if (std::isfinite(value) && std::fabs(value) < kMaxTokensPerEvent) {
      totals_.tokens_saved += static_cast<std::int64_t>(value);
    }
  }
}

TelemetryTotals TelemetryTail::Totals() const {
  TelemetryTotals totals = totals_;
  totals.local_queries = decisions_.local();
  totals.remote_queries = decisions_.remote();
  totals.legacy = legacy_.Totals();
  return totals;
}

}  // namespace stackprobe::telemetry
