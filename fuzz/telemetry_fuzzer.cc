// SPDX-License-Identifier: Apache-2.0
// The telemetry plugin's JSON-lines reader: the input is written to a file
// in two appends (split at its first byte's value), read incrementally, and
// the totals (stackprobe's own and the legacy line counts) must stay
// consistent and bounded.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "telemetry_tail.h"

namespace {

// One file per process, reused for every input.
const std::string& FilePath() {
  static const std::string path = [] {
    char name[] = "/tmp/stackprobe-telemetry-fuzz-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd >= 0) ::close(fd);
    return std::string(name);
  }();
  // Registered after `path` is built, so it runs before path is destroyed.
  static const bool cleanup_registered =
      std::atexit([] { ::unlink(FilePath().c_str()); }) == 0;
  (void)cleanup_registered;
  return path;
}

void Append(const std::string& path, std::string_view bytes, bool truncate) {
  const int fd =
      ::open(path.c_str(),
             O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0), 0600);
  if (fd < 0) std::abort();
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written <= 0) std::abort();
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using stackprobe::telemetry::TelemetryTail;
  const auto text = stackprobe::fuzz::AsText(data, size);
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  TelemetryTail tail(/*max_line_bytes=*/256);
  std::string error;
  Append(FilePath(), text.substr(0, split), /*truncate=*/true);
  if (tail.Update(FilePath(), deadline, error) != TelemetryTail::Status::kOk) {
    std::abort();
  }
  Append(FilePath(), text.substr(split), /*truncate=*/false);
  if (tail.Update(FilePath(), deadline, error) != TelemetryTail::Status::kOk) {
    std::abort();
  }
  const auto totals = tail.Totals();
  std::uint64_t by_type = 0;
  for (const auto& [type, count] : totals.events_by_type) by_type += count;
  // The legacy count is `wc -l`: one line per newline, whatever it holds.
  const auto newlines =
      static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  const auto& legacy = totals.legacy;
  if (totals.events_by_type.size() >
          stackprobe::telemetry::kMaxEventTypes + 1 ||
      by_type > totals.events ||
      totals.local_queries + totals.remote_queries >
          stackprobe::telemetry::kDecisionWindow ||
      legacy.lines != newlines ||
      legacy.lines < totals.events + totals.skipped_lines ||
      legacy.local_queries > stackprobe::telemetry::kDecisionWindow ||
      legacy.remote_queries > stackprobe::telemetry::kDecisionWindow ||
      tail.offset() > size) {
    std::abort();
  }
  return 0;
}
