// SPDX-License-Identifier: Apache-2.0
#include "report.h"

#include <map>
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
  details["podman_path"] = report.podman_path;
  details["path_repair"] = report.path_repair;
  details["path_repaired"] = report.path_repaired;
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
  if (report.path_repair && report.podman_path != report.path) {
    text +=
        "PATH podman gets from stackprobe start (setuid folders first):\n  " +
        report.podman_path + "\n";
  }
  // newuidmap and newgidmap usually share one PATH fix: print it once.
  std::map<std::string, std::string> printed;  // fix text -> check id
  auto print_fix = [&text, &printed](const std::string& label,
                                     const std::string& fix,
                                     const std::string& id) {
    if (fix.empty()) return;
    const auto [at, fresh] = printed.emplace(fix, id);
    text += label + (fresh ? fix : "the same as for " + at->second + " above") +
            "\n";
  };
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
      if (check.fix_nixos == check.fix_generic) {
        print_fix("  fix:           ", check.fix_nixos, check.id);
      } else {
        print_fix("  fix (NixOS):   ", check.fix_nixos, check.id);
        print_fix("  fix (generic): ", check.fix_generic, check.id);
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
