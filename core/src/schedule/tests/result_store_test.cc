// SPDX-License-Identifier: Apache-2.0
#include "schedule/result_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

namespace stackprobe::schedule {
namespace {

ProbeDefinition Define(const std::string& name, const std::string& plugin) {
  ProbeDefinition definition;
  definition.name = name;
  definition.plugin = plugin;
  return definition;
}

TEST(ResultStoreTest, CountsRunsAndFailuresByReason) {
  ResultStore store;
  store.Define({Define("a", "http")});
  store.Record("a", MakeResult(State::kDown, "refused", "x"), 1, 0.1);
  store.Record("a", MakeResult(State::kDown, "refused", "x"), 2, 0.1);
  store.Record("a", MakeResult(State::kUp, "none", ""), 3, 0.1);
  const auto snapshot = store.Snapshot();
  ASSERT_EQ(snapshot->probes.size(), 1u);
  EXPECT_EQ(snapshot->probes[0].record.runs, 3u);
  EXPECT_EQ(snapshot->probes[0].failures_by_reason.at("refused"), 2u);
  EXPECT_EQ(snapshot->probes[0].record.result.state, State::kUp);
}

TEST(ResultStoreTest, KeepsABoundedHistoryAndWhenTheStateBegan) {
  ResultStore store;
  store.Define({Define("a", "http")});
  const StateChange first =
      store.Record("a", MakeResult(State::kUp, "none", ""), 10, 0.002);
  EXPECT_TRUE(first.changed);
  EXPECT_TRUE(first.first);
  EXPECT_FALSE(
      store.Record("a", MakeResult(State::kUp, "none", ""), 20, 0.003).changed);
  const auto before_failure = store.Snapshot();
  const StateChange down =
      store.Record("a", MakeResult(State::kDown, "refused", "x"), 30, 0.001);
  EXPECT_TRUE(down.changed);
  EXPECT_FALSE(down.first);
  EXPECT_EQ(down.from, State::kUp);
  EXPECT_EQ(down.previous_runs, 2u);
  EXPECT_EQ(down.previous_since, 10);
  store.Record("a", MakeResult(State::kDown, "refused", "x"), 40, 0.001);
  auto snapshot = store.Snapshot();
  const auto& status = snapshot->probes[0];
  EXPECT_EQ(status.state_since, 30);
  EXPECT_EQ(status.state_runs, 2u);
  ASSERT_NE(status.history, nullptr);
  ASSERT_EQ(status.history->size(), 4u);
  EXPECT_EQ(status.history->front().finished_at, 10);
  EXPECT_EQ(status.history->back().state, State::kDown);
  EXPECT_EQ(status.history->back().reason, "refused");
  // A published snapshot keeps the history it had.
  EXPECT_EQ(before_failure->probes[0].history->size(), 2u);
  for (int i = 0; i < 100; ++i) {
    store.Record("a", MakeResult(State::kUp, "none", ""), 100.0 + i, 0.001);
  }
  snapshot = store.Snapshot();
  ASSERT_EQ(snapshot->probes[0].history->size(), ResultStore::kHistoryLength);
  EXPECT_EQ(snapshot->probes[0].history->back().finished_at, 199);
  EXPECT_EQ(snapshot->probes[0].history->front().finished_at,
            200.0 - static_cast<double>(ResultStore::kHistoryLength));
}

TEST(ResultStoreTest, SnapshotsAreImmutableAndRebuiltOnlyOnChange) {
  ResultStore store;
  store.Define({Define("a", "http")});
  const auto first = store.Snapshot();
  EXPECT_EQ(first.get(), store.Snapshot().get());
  store.Record("a", MakeResult(State::kUp, "none", ""), 1, 0.1);
  const auto second = store.Snapshot();
  EXPECT_NE(first.get(), second.get());
  EXPECT_FALSE(first->probes[0].record.has_run);
  EXPECT_TRUE(second->probes[0].record.has_run);
}

TEST(ResultStoreTest, RedefineKeepsKeptProbesAndDropsRemovedOnes) {
  ResultStore store;
  store.Define({Define("a", "http"), Define("b", "http"), Define("c", "http")});
  store.Record("a", MakeResult(State::kUp, "none", ""), 1, 0.1);
  store.Record("c", MakeResult(State::kUp, "none", ""), 1, 0.1);
  store.Define({Define("a", "http"), Define("c", "redis")});
  const auto snapshot = store.Snapshot();
  ASSERT_EQ(snapshot->probes.size(), 2u);
  EXPECT_EQ(snapshot->probes[0].record.probe, "a");
  EXPECT_EQ(snapshot->probes[0].record.runs, 1u);
  EXPECT_EQ(snapshot->probes[1].record.probe, "c");
  EXPECT_EQ(snapshot->probes[1].record.runs, 0u) << "plugin changed";
}

TEST(ResultStoreTest, WaitForChangeWakesOnASkippedRun) {
  ResultStore store;
  store.Define({Define("a", "http")});
  const auto seen = store.Generation();
  auto waiter = std::async(std::launch::async, [&] {
    return store.WaitForChange(seen, std::chrono::seconds(30));
  });
  store.CountSkippedRun("a");
  // Far below the waiter's own limit: only a notification ends it this soon.
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(10)),
            std::future_status::ready)
      << "a skipped run is a change and must wake waiters";
  EXPECT_GT(waiter.get(), seen);
  EXPECT_EQ(store.Snapshot()->probes[0].skipped_overruns, 1u);
}

}  // namespace
}  // namespace stackprobe::schedule
