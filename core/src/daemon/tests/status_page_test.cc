// SPDX-License-Identifier: Apache-2.0
#include "daemon/status_page.h"

#include <gtest/gtest.h>

#include <memory>

namespace stackprobe::daemon {
namespace {

model::ProbeStatus PageProbe(const std::string& name, State state,
                             const std::string& reason, double now) {
  model::ProbeStatus status;
  status.record.probe = name;
  status.record.plugin = "http";
  status.record.has_run = true;
  status.record.result = MakeResult(state, reason, "the <message>");
  status.record.finished_at = now - 12;
  status.record.duration_seconds = 0.004;
  status.state_since = now - 180;
  status.state_runs = 9;
  auto history = std::make_shared<model::RunHistory>();
  history->push_back({now - 200, 0.003, State::kUp, "none"});
  history->push_back({now - 12, 0.004, state, reason});
  status.history = history;
  return status;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(StatusPageTest, SummaryProblemsFirstAgesHistoryAndLinks) {
  const double now = 1'800'000'000;
  model::StoreSnapshot snapshot;
  snapshot.probes = {
      PageProbe("a_up", State::kUp, "none", now),
      PageProbe("b_down", State::kDown, "refused", now),
      PageProbe("c_blocked", State::kBlocked, "dependency", now)};
  snapshot.probes[2].depends_on = {"b_down"};
  snapshot.probes[2].blocked_by = "b_down";
  model::ExporterInfo info;
  info.version = "1.2.3";
  const std::string html = StatusHtml(snapshot, info, now);
  EXPECT_NE(html.find("<title>stackprobe: 1 of 3 up</title>"),
            std::string::npos);
  EXPECT_NE(html.find("data-count=\"up\">1 up<"), std::string::npos);
  EXPECT_NE(html.find("data-count=\"down\">1 down<"), std::string::npos);
  EXPECT_NE(html.find("data-count=\"blocked\">1 blocked<"), std::string::npos);
  // Down first, then blocked, then up.
  EXPECT_LT(html.find("id=\"probe-b_down\""),
            html.find("id=\"probe-c_blocked\""));
  EXPECT_LT(html.find("id=\"probe-c_blocked\""),
            html.find("id=\"probe-a_up\""));
  EXPECT_NE(html.find("ran 12 s ago"), std::string::npos);
  EXPECT_NE(html.find("down for 3 min (9 runs)"), std::string::npos);
  EXPECT_NE(html.find("uptime 50% of the last 2 runs"), std::string::npos);
  EXPECT_NE(html.find("latency 4.0 ms, median 4.0 ms"), std::string::npos);
  EXPECT_EQ(Count(html, "<div class=\"history\""), 3u);
  EXPECT_NE(html.find("<i class=\"s-down\" title=\""), std::string::npos);
  EXPECT_NE(html.find("<i class=\"s-up\"></i>"), std::string::npos);
  EXPECT_NE(html.find("blocked by b_down"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#probe-b_down\">b_down</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/probe?probe=b_down\">"), std::string::npos);
  EXPECT_NE(html.find("the &lt;message&gt;"), std::string::npos);
  EXPECT_EQ(html.find("the <message>"), std::string::npos);
  // No external assets: nothing is loaded from anywhere.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("prefers-color-scheme:dark"), std::string::npos);
}

TEST(StatusPageTest, APendingProbeSaysSo) {
  model::StoreSnapshot snapshot;
  snapshot.probes.emplace_back();
  snapshot.probes[0].record.probe = "new";
  const std::string html = StatusHtml(snapshot, {}, 100);
  EXPECT_NE(html.find("data-state=\"pending\""), std::string::npos);
  EXPECT_NE(html.find("not run yet"), std::string::npos);
  EXPECT_NE(html.find("data-count=\"pending\">1 pending<"), std::string::npos);
}

// The hash source as browsers compute it: the value Chromium asks for when
// `default-src 'none'` blocks <style>body{color:red}</style>.
TEST(StatusPageTest, CspHashSourceIsTheBase64OfTheSha256) {
  EXPECT_EQ(CspHashSource("body{color:red}"),
            "'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='");
}

// The page needs nothing its policy does not allow: its one <style>
// element matches the hash, and there is no script, style attribute or
// external resource for `default-src 'none'` to block.
TEST(StatusPageTest, ThePolicyAllowsExactlyThePagesOwnStyle) {
  model::StoreSnapshot snapshot;
  snapshot.probes.push_back(PageProbe("db", State::kDown, "refused", 1000));
  const std::string html = StatusHtml(snapshot, {}, 1000);
  const auto open = html.find("<style>");
  const auto close = html.find("</style>");
  ASSERT_NE(open, std::string::npos);
  ASSERT_NE(close, std::string::npos);
  EXPECT_EQ(Count(html, "<style"), 1u);
  const std::string style = html.substr(open + 7, close - open - 7);
  EXPECT_EQ(StatusPageContentSecurityPolicy(),
            "default-src 'none'; style-src " + CspHashSource(style));
  for (const char* blocked : {"<script", " style=", "<img", "<link", "src="}) {
    EXPECT_EQ(html.find(blocked), std::string::npos) << blocked;
  }
}

}  // namespace
}  // namespace stackprobe::daemon
