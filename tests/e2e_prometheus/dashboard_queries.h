// SPDX-License-Identifier: Apache-2.0
//
// Reads the PromQL of the Grafana dashboards and the Prometheus rule files
// in dashboards/, so tests can lint them and run them against a real
// Prometheus.
#ifndef STACKPROBE_TESTS_E2E_PROMETHEUS_DASHBOARD_QUERIES_H_
#define STACKPROBE_TESTS_E2E_PROMETHEUS_DASHBOARD_QUERIES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::testing {

/// One query of one panel of a dashboard.
struct PanelQuery {
  std::string dashboard;  ///< The dashboard's uid.
  int panel_id = 0;
  std::string panel_title;
  std::string ref_id;
  std::string expr;  ///< As written, template variables included.
};

/// Every target with an `expr` of every panel, rows' nested panels
/// included, in document order.
std::vector<PanelQuery> PanelQueries(const nlohmann::json& dashboard);

/// Every panel id of the dashboard (rows and nested panels included), in
/// document order; duplicates are kept so callers can detect them.
std::vector<int> PanelIds(const nlohmann::json& dashboard);

/// `expr` with Grafana's variable forms ($name, ${name}, ${name:fmt},
/// [[name]]) replaced by `values` (key: name without `$`). Unknown
/// variables stay as written.
std::string SubstituteVariables(
    std::string_view expr, const std::map<std::string, std::string>& values);

/// Names of the metrics (series selectors) a PromQL expression reads:
/// identifiers that are not functions, aggregations, keywords, label names
/// (in braces or in by/without/on/ignoring/group_left/group_right lists),
/// strings, numbers or durations. Template variables must be substituted
/// first.
std::set<std::string> MetricNames(std::string_view promql);

/// One rule of a Prometheus rule file.
struct RuleDefinition {
  std::string group;
  std::string name;  ///< The alert name, or the recorded metric name.
  bool alert = false;
  std::string expr;
  std::string for_duration;  ///< Empty when the rule has no `for`.
};

/// Every rule of a Prometheus rule file. Throws std::runtime_error when the
/// file cannot be read or has no `groups`.
std::vector<RuleDefinition> LoadRules(const std::string& path);

/// The text of the rule file at `path` with every alert's `for` set to
/// `for_duration` (e.g. "2s"), for tests that cannot wait minutes.
std::string RulesWithShortFor(const std::string& path,
                              const std::string& for_duration);

/// Percent-encodes `text` for a URL query value.
std::string UrlEncode(std::string_view text);

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_PROMETHEUS_DASHBOARD_QUERIES_H_
