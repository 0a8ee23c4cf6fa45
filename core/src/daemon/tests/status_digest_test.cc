// SPDX-License-Identifier: Apache-2.0
#include "daemon/status_digest.h"

#include <gtest/gtest.h>

namespace stackprobe::daemon {
namespace {

model::ProbeStatus DigestProbe(const std::string& name, State state,
                               const std::string& reason, double since) {
  model::ProbeStatus status;
  status.record.probe = name;
  status.record.has_run = true;
  status.record.result = MakeResult(state, reason, "");
  status.state_since = since;
  return status;
}

TEST(StatusDigestTest, SummarisesWhatIsNotUpEveryFewMinutes) {
  model::StoreSnapshot snapshot;
  snapshot.probes = {DigestProbe("aidb", State::kBlocked, "dependency", 1000),
                     DigestProbe("postgres", State::kDown, "refused", 880),
                     DigestProbe("redis", State::kUp, "none", 0)};
  snapshot.probes[0].blocked_by = "postgres";
  EXPECT_EQ(NotUpSummary(snapshot, 1600),
            "2 of 3 probes not up: aidb blocked (dependency), blocked by "
            "postgres for 10 min, postgres down (refused) for 12 min");

  StatusDigest digest(/*started=*/1000, /*summary_every=*/300);
  EXPECT_TRUE(digest.Due(snapshot, 1200).empty());  // too soon after start
  const auto due = digest.Due(snapshot, 1300);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].rfind("event=summary up=1 degraded=0 starting=0 down=1 "
                         "blocked=1 error=0 pending=0 not_up=\"2 of 3",
                         0),
            0u)
      << due[0];
  EXPECT_TRUE(digest.Due(snapshot, 1500).empty());
  EXPECT_EQ(digest.Due(snapshot, 1600).size(), 1u);
  // All up: nothing to say.
  for (auto& probe : snapshot.probes) probe.record.result.state = State::kUp;
  EXPECT_TRUE(digest.Due(snapshot, 5000).empty());
}

TEST(StatusDigestTest, HintsOnceWhenNoProbeIsUpAfterEachRan) {
  model::StoreSnapshot snapshot;
  snapshot.probes = {DigestProbe("qdrant", State::kDown, "refused", 10),
                     DigestProbe("aidb", State::kDown, "refused", 10)};
  snapshot.probes[1].record.has_run = false;  // still pending
  StatusDigest digest(/*started=*/0);
  EXPECT_TRUE(digest.Due(snapshot, 20).empty());
  snapshot.probes[1].record.has_run = true;
  const auto due = digest.Due(snapshot, 30);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].rfind("event=hint message=\"no probe is up", 0), 0u);
  EXPECT_NE(due[0].find("stackprobe doctor"), std::string::npos);
  EXPECT_NE(due[0].find("--demo"), std::string::npos);
  EXPECT_TRUE(digest.Due(snapshot, 40).empty());  // once
}

}  // namespace
}  // namespace stackprobe::daemon
