// SPDX-License-Identifier: Apache-2.0
#include "report.h"

#include <nlohmann/json.hpp>

namespace stackprobe::rootless {
namespace {

// Indents every line after the first so multi-line evidence stays aligned
// under its label.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

std::string DetailsJson(const RootlessReport& report) {
  nlohmann::json details;
  details["user"] = report.user.name;
  details["uid"] = report.user.uid;
  details["path"] = report.path;
  details["path_source"] = report.path_source;
  details["failures"] = report.Count(CheckStatus::kFail);
  details["warnings"] = report.Count(CheckStatus::kWarn);
  nlohmann::json checks = nlohmann::json::array();
  for (const Check& check : report.checks) {
    checks.push_back({{"id", check.id},
                      {"status", std::string(StatusName(check.status))},
                      {"title", check.title},
                      {"evidence", check.evidence},
                      {"fix_nixos", check.fix_nixos},
                      {"fix_generic", check.fix_generic}});
  }
  details["checks"] = std::move(checks);
  return details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Verdict(const RootlessReport& report) {
  const int failures = report.Count(CheckStatus::kFail);
  if (failures == 0) return "containers can start";
  return "containers cannot start: " + std::to_string(failures) + " problem(s)";
}

std::string DoctorText(const RootlessReport& report) {
  std::string text = "rootless podman for " + report.user.name + " (uid " +
                     std::to_string(report.user.uid) + "), PATH from " +
                     report.path_source + ":\n  " + report.path + "\n";
  for (CheckStatus wanted : {CheckStatus::kFail, CheckStatus::kWarn}) {
    for (const Check& check : report.checks) {
      if (check.status != wanted) continue;
      text += "\n";
      text += wanted == CheckStatus::kFail ? "FAIL " : "WARN ";
      text += check.id + ": " + check.title + "\n";
      if (!check.evidence.empty()) {
        text += "  evidence:      " +
                Indented(check.evidence, "                 ") + "\n";
      }
      if (!check.fix_nixos.empty()) {
        text += "  fix (NixOS):   " + check.fix_nixos + "\n";
      }
      if (!check.fix_generic.empty()) {
        text += "  fix (generic): " + check.fix_generic + "\n";
      }
    }
  }
  bool skipped_header = false;
  for (const Check& check : report.checks) {
    if (check.status != CheckStatus::kSkipped) continue;
    if (!skipped_header) {
      text += "\n";
      skipped_header = true;
    }
    text += "skipped " + check.id + ": " + check.title + "\n";
  }
  text += "\n" + std::to_string(report.Count(CheckStatus::kOk)) + " ok, " +
          std::to_string(report.Count(CheckStatus::kWarn)) + " warning(s), " +
          std::to_string(report.Count(CheckStatus::kFail)) + " failure(s), " +
          std::to_string(report.Count(CheckStatus::kSkipped)) + " skipped\n";
  text += Verdict(report);
  return text;
}

}  // namespace stackprobe::rootless
