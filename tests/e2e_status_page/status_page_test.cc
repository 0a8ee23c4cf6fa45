// SPDX-License-Identifier: Apache-2.0
//
// The status page as people see it: a daemon probes the fake AI stack, and
// headless Chromium renders `/`. The assertions read the rendered DOM
// (--dump-dom): the summary counts, a history strip per probe that changes
// when a service fails, relative ages. The page is served with a strict
// Content-Security-Policy, and Chromium's console (which reports what a
// policy blocks) stays silent about it. A screenshot stays in the build
// folder (status-page.png) for people to look at.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "daemon_process.h"
#include "stackprobe/fake_stack/fake_stack.h"

namespace stackprobe::testing {
namespace {

using fake_stack::FakeStack;
using fake_stack::Scenario;
using fake_stack::Service;
using std::chrono::milliseconds;

std::string Config(std::uint16_t port,
                   const fake_stack::ServiceEndpoints& endpoints) {
  return "listen: [\"127.0.0.1:" + std::to_string(port) + "\"]\n" +
         "defaults: {interval: 1s, timeout: 1s}\n"
         "probes:\n"
         "  - {name: embeddings, plugin: embeddings, config: {base_url: \"" +
         endpoints.embeddings + "\"}}\n" +
         "  - {name: aidb, plugin: aidb, config: {base_url: \"" +
         endpoints.aidb + "\"}}\n" +
         "  - {name: llama_cpp, plugin: llama_cpp, config: {base_url: \"" +
         endpoints.llama + "\"}}\n" +
         "  - {name: qdrant, plugin: qdrant, depends_on: [embeddings], "
         "config: {base_url: \"" +
         endpoints.qdrant + "\", embeddings_probe: embeddings}}\n";
}

// The DOM after Chromium loaded and rendered `url`. Chromium logs the
// page's console to stderr, where a blocked inline style reads "... violates
// the following Content Security Policy directive ...": none may appear.
std::string RenderedDom(const std::string& url,
                        const std::string& screenshot = "") {
  std::vector<std::string> argv = {"chromium",       "--headless",
                                   "--no-sandbox",   "--disable-gpu",
                                   "--no-first-run", "--enable-logging=stderr",
                                   "--v=0"};
  if (!screenshot.empty()) {
    argv.push_back("--screenshot=" + screenshot);
    argv.push_back("--window-size=1100,1400");
  } else {
    argv.push_back("--dump-dom");
  }
  argv.push_back(url);
  const auto outcome = RunToCompletion(argv, milliseconds(60000));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.err.find("Content Security Policy"), std::string::npos)
      << outcome.err;
  return outcome.out;
}

// The rendered <article> of one probe.
std::string Card(const std::string& dom, const std::string& probe) {
  const auto start = dom.find("<article class=\"probe");
  const auto at = dom.find("id=\"probe-" + probe + "\"", start);
  if (at == std::string::npos) return "";
  const auto begin = dom.rfind("<article", at);
  return dom.substr(begin, dom.find("</article>", at) - begin);
}

std::size_t Cells(const std::string& card, const std::string& state) {
  std::size_t n = 0;
  const std::string cell = "<i class=\"s-" + state + "\"";
  for (auto at = card.find(cell); at != std::string::npos;
       at = card.find(cell, at + 1)) {
    ++n;
  }
  return n;
}

TEST(StatusPageBrowserTest, SummaryHistoryAndAgesInARealBrowser) {
  ASSERT_EQ(
      RunToCompletion({"chromium", "--version"}, milliseconds(30000)).exit_code,
      0)
      << "the chromium binary is required (Debian package chromium)";
  TempDir dir;
  FakeStack stack({});
  const auto port = FreeLoopbackPort();
  const auto config =
      dir.Write("stackprobe.yml", Config(port, stack.endpoints()));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();
  const std::string url = daemon.BaseUrl() + "/";
  // Every probe has run a few times.
  std::this_thread::sleep_for(milliseconds(3500));
  const auto page = daemon.Request("GET", "/");
  std::string policy;
  for (const auto& [name, value] : page.headers) {
    if (name == "content-security-policy") policy = value;
  }
  EXPECT_EQ(policy.rfind("default-src 'none'; style-src 'sha256-", 0), 0u)
      << policy;

  const std::string healthy = RenderedDom(url);
  EXPECT_NE(healthy.find("data-count=\"up\">4 up<"), std::string::npos)
      << healthy.substr(0, 3000);
  EXPECT_NE(healthy.find("data-count=\"down\">0 down<"), std::string::npos);
  for (const char* probe : {"embeddings", "aidb", "llama_cpp", "qdrant"}) {
    const std::string card = Card(healthy, probe);
    ASSERT_FALSE(card.empty()) << probe;
    EXPECT_GE(Cells(card, "up"), 2u) << card;
    EXPECT_EQ(Cells(card, "down"), 0u) << card;
    EXPECT_TRUE(std::regex_search(card, std::regex("ran [0-9]+ s ago")))
        << card;
  }

  stack.Set(Service::kEmbeddings, Scenario::kDown);
  std::this_thread::sleep_for(milliseconds(3500));
  const std::string failing = RenderedDom(url);
  EXPECT_NE(failing.find("data-count=\"down\">1 down<"), std::string::npos)
      << failing.substr(0, 3000);
  EXPECT_EQ(failing.find("data-count=\"up\">4 up<"), std::string::npos);
  const std::string embeddings = Card(failing, "embeddings");
  EXPECT_GE(Cells(embeddings, "up"), 2u) << embeddings;
  EXPECT_GE(Cells(embeddings, "down"), 1u) << embeddings;
  EXPECT_TRUE(std::regex_search(
      embeddings, std::regex("down for [0-9]+ s \\([0-9]+ runs?\\)")))
      << embeddings;
  EXPECT_NE(embeddings.find("refused"), std::string::npos);
  // The log tells the same story: one line for the change.
  EXPECT_NE(daemon.Log().find("event=state_change probe=embeddings "
                              "change=\"up → down (refused) after"),
            std::string::npos)
      << daemon.Log();
  // Problems come first; qdrant shows what blocks it.
  EXPECT_LT(failing.find("id=\"probe-embeddings\""),
            failing.find("id=\"probe-aidb\""));
  EXPECT_NE(Card(failing, "qdrant").find("blocked by embeddings"),
            std::string::npos);

  const std::string screenshot =
      std::string(STACKPROBE_SCREENSHOT_DIR) + "/status-page.png";
  std::filesystem::remove(screenshot);
  RenderedDom(url, screenshot);
  EXPECT_GT(std::filesystem::file_size(screenshot), 10000u);
}

}  // namespace
}  // namespace stackprobe::testing
