// SPDX-License-Identifier: Apache-2.0
#include "dashboard_queries.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace stackprobe::testing {
namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

// Words of PromQL that are never metric names: binary operators, modifiers
// and the aggregation operators (these may be followed by `by (...)` rather
// than by a parenthesis, so the "followed by (" rule misses them).
const std::set<std::string, std::less<>> kKeywords = {
    "and",          "or",      "unless",   "bool",       "offset",
    "inf",          "nan",     "sum",      "min",        "max",
    "avg",          "group",   "stddev",   "stdvar",     "count",
    "count_values", "bottomk", "topk",     "quantile",   "by",
    "without",      "on",      "ignoring", "group_left", "group_right",
    "start",        "end",     "atan2"};

// Keywords followed by a parenthesised list of label names.
const std::set<std::string, std::less<>> kLabelListKeywords = {
    "by", "without", "on", "ignoring", "group_left", "group_right"};

// Index just past the quoted string starting at `at`.
std::size_t SkipString(std::string_view text, std::size_t at) {
  const char quote = text[at];
  std::size_t i = at + 1;
  while (i < text.size() && text[i] != quote) {
    if (text[i] == '\\' && quote != '`') ++i;
    ++i;
  }
  return i + 1;
}

// Index just past the bracket that closes the one at `at`, skipping
// strings inside.
std::size_t SkipBracketed(std::string_view text, std::size_t at, char open,
                          char close) {
  int depth = 0;
  std::size_t i = at;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'' || c == '`') {
      i = SkipString(text, i);
      continue;
    }
    if (c == open) ++depth;
    if (c == close && --depth == 0) return i + 1;
    ++i;
  }
  return text.size();
}

std::size_t SkipSpace(std::string_view text, std::size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  return i;
}

void CollectPanels(const nlohmann::json& panels,
                   std::vector<const nlohmann::json*>& out) {
  if (!panels.is_array()) return;
  for (const nlohmann::json& panel : panels) {
    out.push_back(&panel);
    if (panel.contains("panels")) CollectPanels(panel["panels"], out);
  }
}

std::vector<const nlohmann::json*> AllPanels(const nlohmann::json& dashboard) {
  std::vector<const nlohmann::json*> panels;
  if (dashboard.contains("panels")) CollectPanels(dashboard["panels"], panels);
  return panels;
}

}  // namespace

std::vector<PanelQuery> PanelQueries(const nlohmann::json& dashboard) {
  std::vector<PanelQuery> queries;
  const std::string uid = dashboard.value("uid", "");
  for (const nlohmann::json* panel : AllPanels(dashboard)) {
    if (!panel->contains("targets")) continue;
    for (const nlohmann::json& target : (*panel)["targets"]) {
      if (!target.contains("expr")) continue;
      queries.push_back({uid, panel->value("id", 0), panel->value("title", ""),
                         target.value("refId", ""),
                         target["expr"].get<std::string>()});
    }
  }
  return queries;
}

std::vector<int> PanelIds(const nlohmann::json& dashboard) {
  std::vector<int> ids;
  for (const nlohmann::json* panel : AllPanels(dashboard)) {
    ids.push_back(panel->value("id", 0));
  }
  return ids;
}

std::string SubstituteVariables(
    std::string_view expr, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < expr.size()) {
    std::size_t name_begin = 0;
    std::size_t name_end = 0;
    std::size_t next = 0;
    if (expr.compare(i, 2, "${") == 0) {
      const std::size_t close = expr.find('}', i);
      if (close != std::string_view::npos) {
        name_begin = i + 2;
        const std::size_t colon = expr.find(':', name_begin);
        name_end = colon < close ? colon : close;
        next = close + 1;
      }
    } else if (expr.compare(i, 2, "[[") == 0) {
      const std::size_t close = expr.find("]]", i);
      if (close != std::string_view::npos) {
        name_begin = i + 2;
        name_end = close;
        next = close + 2;
      }
    } else if (expr[i] == '$') {
      name_begin = i + 1;
      name_end = name_begin;
      while (name_end < expr.size() && IsIdentChar(expr[name_end]) &&
             expr[name_end] != ':') {
        ++name_end;
      }
      next = name_end;
    }
    if (next != 0) {
      const std::string name(expr.substr(name_begin, name_end - name_begin));
      const auto found = values.find(name);
      if (found != values.end()) {
        out += found->second;
        i = next;
        continue;
      }
    }
    out += expr[i];
    ++i;
  }
  return out;
}

std::set<std::string> MetricNames(std::string_view promql) {
  std::set<std::string> names;
  std::size_t i = 0;
  while (i < promql.size()) {
    const char c = promql[i];
    if (c == '"' || c == '\'' || c == '`') {
      i = SkipString(promql, i);
    } else if (c == '{') {
      i = SkipBracketed(promql, i, '{', '}');
    } else if (c == '[') {
      i = SkipBracketed(promql, i, '[', ']');
    } else if (c == '#') {
      while (i < promql.size() && promql[i] != '\n') ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < promql.size() &&
                std::isdigit(static_cast<unsigned char>(promql[i + 1])))) {
      // Numbers, hex, exponents and durations (5m, 1e3, 0x1f).
      while (i < promql.size() &&
             (std::isalnum(static_cast<unsigned char>(promql[i])) ||
              promql[i] == '.')) {
        ++i;
      }
    } else if (IsIdentStart(c)) {
      const std::size_t begin = i;
      while (i < promql.size() && IsIdentChar(promql[i])) ++i;
      const std::string word(promql.substr(begin, i - begin));
      const std::size_t after = SkipSpace(promql, i);
      const bool call = after < promql.size() && promql[after] == '(';
      if (kLabelListKeywords.contains(word)) {
        if (call) i = SkipBracketed(promql, after, '(', ')');
      } else if (!call && !kKeywords.contains(word)) {
        names.insert(word);
      }
    } else {
      ++i;
    }
  }
  return names;
}

std::vector<RuleDefinition> LoadRules(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& error) {
    throw std::runtime_error(path + ": " + error.what());
  }
  if (!root["groups"] || !root["groups"].IsSequence()) {
    throw std::runtime_error(path + ": no groups");
  }
  std::vector<RuleDefinition> rules;
  for (const YAML::Node& group : root["groups"]) {
    for (const YAML::Node& rule : group["rules"]) {
      RuleDefinition definition;
      definition.group = group["name"].as<std::string>();
      definition.alert = static_cast<bool>(rule["alert"]);
      definition.name =
          rule[definition.alert ? "alert" : "record"].as<std::string>();
      definition.expr = rule["expr"].as<std::string>();
      if (rule["for"]) definition.for_duration = rule["for"].as<std::string>();
      rules.push_back(std::move(definition));
    }
  }
  return rules;
}

std::string RulesWithShortFor(const std::string& path,
                              const std::string& for_duration) {
  YAML::Node root = YAML::LoadFile(path);
  for (YAML::Node group : root["groups"]) {
    for (YAML::Node rule : group["rules"]) {
      if (rule["alert"]) rule["for"] = for_duration;
    }
  }
  YAML::Emitter emitter;
  emitter << root;
  return std::string(emitter.c_str()) + "\n";
}

std::string UrlEncode(std::string_view text) {
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '_' || c == '-' || c == '.' || c == '~') {
      encoded += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", byte);
      encoded += hex;
    }
  }
  return encoded;
}

}  // namespace stackprobe::testing
