// SPDX-License-Identifier: Apache-2.0
#include "schedule/run_phase.h"

#include <cstdint>

namespace stackprobe::schedule {
namespace {

// FNV-1a, then the splitmix64 finalizer: names that differ in their last
// character only (probe_1, probe_2) land far apart modulo any interval.
std::uint64_t StableNameHash(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebULL;
  hash ^= hash >> 31;
  return hash;
}

}  // namespace

std::chrono::milliseconds PhaseOffset(std::string_view probe,
                                      std::chrono::milliseconds interval) {
  if (interval.count() <= 0) return std::chrono::milliseconds(0);
  const auto span = static_cast<std::uint64_t>(interval.count());
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(StableNameHash(probe) % span));
}

Clock::TimePoint FirstRunAt(Clock::TimePoint now, std::string_view probe,
                            std::chrono::milliseconds interval) {
  if (interval.count() <= 0) return now;
  const Clock::Duration period = interval;
  const Clock::Duration offset = PhaseOffset(probe, interval);
  // The latest phase point at or before now, then the next one if needed.
  const Clock::Duration since_epoch = now.time_since_epoch();
  Clock::Duration into = (since_epoch - offset) % period;
  if (into < Clock::Duration::zero()) into += period;
  const Clock::TimePoint previous = now - into;
  return previous == now ? now : previous + period;
}

}  // namespace stackprobe::schedule
