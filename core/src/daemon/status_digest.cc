// SPDX-License-Identifier: Apache-2.0
#include "daemon/status_digest.h"

#include <map>

#include "daemon/human_time.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::daemon {
namespace {

bool Fine(State state) {
  return state == State::kUp || state == State::kDegraded;
}

}  // namespace

std::string NotUpSummary(const model::StoreSnapshot& snapshot, double now) {
  std::string list;
  std::size_t not_up = 0;
  for (const auto& status : snapshot.probes) {
    const auto& record = status.record;
    if (!record.has_run || Fine(record.result.state)) continue;
    ++not_up;
    if (!list.empty()) list += ", ";
    list += record.probe + " " + std::string(StateName(record.result.state));
    if (!record.result.reason.empty()) {
      list += " (" + record.result.reason + ")";
    }
    if (!status.blocked_by.empty()) list += ", blocked by " + status.blocked_by;
    list += " for " + HumanDuration(now - status.state_since);
  }
  if (not_up == 0) return "";
  return std::to_string(not_up) + " of " +
         std::to_string(snapshot.probes.size()) + " probes not up: " + list;
}

StatusDigest::StatusDigest(double started, double summary_every)
    : summary_every_(summary_every), last_summary_(started) {}

std::vector<std::string> StatusDigest::Due(const model::StoreSnapshot& snapshot,
                                           double now) {
  std::vector<std::string> lines;
  std::map<std::string, int> counts;
  bool all_ran = !snapshot.probes.empty();
  for (const auto& status : snapshot.probes) {
    if (!status.record.has_run) {
      all_ran = false;
      ++counts["pending"];
      continue;
    }
    ++counts[std::string(StateName(status.record.result.state))];
  }
  const int fine = counts["up"] + counts["degraded"];
  if (!hinted_ && all_ran && fine == 0) {
    hinted_ = true;
    lines.push_back(
        "event=hint message=" +
        sdk::LogfmtQuote(
            "no probe is up after each has run: is the AI stack running? "
            "`stackprobe doctor` checks this machine; `./run.sh --demo` in "
            "the source tree shows stackprobe against a simulated stack"));
  }
  const std::string summary = NotUpSummary(snapshot, now);
  if (!summary.empty() && now - last_summary_ >= summary_every_) {
    last_summary_ = now;
    std::string line = "event=summary";
    for (const char* state : {"up", "degraded", "starting", "down", "blocked",
                              "error", "pending"}) {
      line += std::string(" ") + state + "=" + std::to_string(counts[state]);
    }
    lines.push_back(line + " not_up=" + sdk::LogfmtQuote(summary));
  }
  return lines;
}

}  // namespace stackprobe::daemon
