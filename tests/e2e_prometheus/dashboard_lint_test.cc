// SPDX-License-Identifier: Apache-2.0
//
// Static checks of dashboards/: the Grafana JSON imports into current
// Grafana and is wired to its variables; every alert has its annotations,
// a runbook section and a promtool test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "dashboard_queries.h"

namespace stackprobe::testing {
namespace {

const std::string kDashboards = STACKPROBE_DASHBOARDS_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> DashboardFiles() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(kDashboards + "/grafana")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> VariableNames(const nlohmann::json& dashboard) {
  std::set<std::string> names;
  for (const auto& variable : dashboard["templating"]["list"]) {
    names.insert(variable.value("name", ""));
  }
  return names;
}

TEST(DashboardLintTest, BothDashboardsExistWithFixedUids) {
  std::set<std::string> uids;
  for (const std::string& file : DashboardFiles()) {
    uids.insert(nlohmann::json::parse(ReadFile(file)).value("uid", ""));
  }
  EXPECT_EQ(uids, (std::set<std::string>{"stackprobe-legacy-parity",
                                         "stackprobe-overview"}));
}

TEST(DashboardLintTest, ImportableAndWiredToVariables) {
  for (const std::string& file : DashboardFiles()) {
    SCOPED_TRACE(file);
    nlohmann::json dashboard;
    ASSERT_NO_THROW(dashboard = nlohmann::json::parse(ReadFile(file)));
    EXPECT_GE(dashboard.value("schemaVersion", 0), 39);
    EXPECT_TRUE(dashboard["id"].is_null())
        << "an export for import has id null";
    const std::set<std::string> variables = VariableNames(dashboard);
    EXPECT_TRUE(variables.contains("datasource"));
    EXPECT_TRUE(variables.contains("instance"));
    for (const auto& variable : dashboard["templating"]["list"]) {
      if (variable["name"] == "datasource") {
        EXPECT_EQ(variable["type"], "datasource");
        EXPECT_EQ(variable["query"], "prometheus");
      }
    }

    const std::vector<int> ids = PanelIds(dashboard);
    const std::set<int> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << "panel ids must be unique";
    EXPECT_FALSE(unique.contains(0)) << "every panel needs an id";

    for (const auto& panel : dashboard["panels"]) {
      SCOPED_TRACE(panel.value("title", ""));
      ASSERT_TRUE(panel.contains("gridPos"));
      if (panel["type"] == "row") continue;
      EXPECT_EQ(panel["datasource"]["uid"], "${datasource}");
      std::set<std::string> refs;
      ASSERT_FALSE(panel["targets"].empty());
      for (const auto& target : panel["targets"]) {
        EXPECT_EQ(target["datasource"]["uid"], "${datasource}");
        EXPECT_TRUE(refs.insert(target.value("refId", "")).second);
        const std::string expr = target.value("expr", "");
        EXPECT_FALSE(expr.empty());
        // Every selector is filtered by the host the user picked.
        EXPECT_NE(expr.find(R"(instance=~"$instance")"), std::string::npos)
            << expr;
      }
    }
  }
}

TEST(DashboardLintTest, OverviewHasAProbeVariable) {
  const auto dashboard = nlohmann::json::parse(
      ReadFile(kDashboards + "/grafana/stackprobe-overview.json"));
  EXPECT_TRUE(VariableNames(dashboard).contains("probe"));
  bool filtered = false;
  for (const PanelQuery& query : PanelQueries(dashboard)) {
    filtered |= query.expr.find(R"(probe=~"$probe")") != std::string::npos;
  }
  EXPECT_TRUE(filtered);
}

TEST(RuleLintTest, EveryAlertIsDocumentedAndTested) {
  const std::string readme = ReadFile(kDashboards + "/README.md");
  const std::string tests =
      ReadFile(kDashboards + "/prometheus/tests/stackprobe-alerts.test.yml");
  const auto rules =
      LoadRules(kDashboards + "/prometheus/stackprobe-alerts.rules.yml");
  ASSERT_FALSE(rules.empty());
  for (const RuleDefinition& rule : rules) {
    SCOPED_TRACE(rule.name);
    ASSERT_TRUE(rule.alert);
    EXPECT_NE(readme.find("### " + rule.name + "\n"), std::string::npos)
        << "runbook section missing in dashboards/README.md";
    EXPECT_NE(tests.find("alertname: " + rule.name + "\n"), std::string::npos)
        << "no promtool test";
  }
  // The raw file for annotations: yaml-cpp through LoadRules keeps only
  // what the e2e test needs.
  const std::string text =
      ReadFile(kDashboards + "/prometheus/stackprobe-alerts.rules.yml");
  std::size_t alerts = 0;
  for (const char* key :
       {"summary:", "description:", "runbook_url:", "severity:", "- alert:"}) {
    std::size_t count = 0;
    for (std::size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + 1)) {
      ++count;
    }
    if (alerts == 0) alerts = rules.size();
    EXPECT_EQ(count, alerts) << key;
  }
}

TEST(RuleLintTest, ShortForCopyChangesOnlyFor) {
  const std::string path =
      kDashboards + "/prometheus/stackprobe-alerts.rules.yml";
  const auto original = LoadRules(path);
  const std::string copy_path =
      ::testing::TempDir() + "/stackprobe-alerts-short.rules.yml";
  std::ofstream(copy_path) << RulesWithShortFor(path, "2s");
  const auto copy = LoadRules(copy_path);
  ASSERT_EQ(copy.size(), original.size());
  for (std::size_t i = 0; i < copy.size(); ++i) {
    EXPECT_EQ(copy[i].name, original[i].name);
    EXPECT_EQ(copy[i].expr, original[i].expr);
    EXPECT_EQ(copy[i].for_duration, "2s");
  }
}

}  // namespace
}  // namespace stackprobe::testing
