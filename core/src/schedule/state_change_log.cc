// SPDX-License-Identifier: Apache-2.0
#include "schedule/state_change_log.h"

#include <spdlog/spdlog.h>

#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::schedule {
namespace {

std::string StateWithReason(State state, const std::string& reason) {
  std::string text(StateName(state));
  const bool show = state != State::kUp &&
                    !(state == State::kDegraded && reason == reason::kNone);
  if (show && !reason.empty()) text += " (" + reason + ")";
  return text;
}

}  // namespace

std::string DescribeStateChange(const StateChange& change,
                                const ProbeResult& result) {
  if (!change.changed) return "";
  const std::string now = StateWithReason(result.state, result.reason);
  if (change.first) return "first run: " + now;
  return std::string(StateName(change.from)) + " → " + now + " after " +
         std::to_string(change.previous_runs) +
         (change.previous_runs == 1 ? " run" : " runs");
}

void LogStateChange(const std::string& probe, const StateChange& change,
                    const ProbeResult& result) {
  const std::string text = DescribeStateChange(change, result);
  if (text.empty()) return;
  // A first run is no change yet: it stays at info, out of the way of
  // one-shot commands (which log warnings and up) and their output.
  const bool quiet = change.first || result.state == State::kUp ||
                     result.state == State::kDegraded;
  spdlog::log(quiet ? spdlog::level::info : spdlog::level::warn,
              "event=state_change probe={} change={} message={}", probe,
              sdk::LogfmtQuote(text), sdk::LogfmtQuote(result.message));
}

}  // namespace stackprobe::schedule
