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
