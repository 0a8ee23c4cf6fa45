// SPDX-License-Identifier: Apache-2.0
#include "rootless_probe.h"

#include "report.h"
#include "rootless_checks.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "user_identity.h"

namespace stackprobe::rootless {

RootlessProbe::RootlessProbe(const std::string& config_json)
    : options_(ParseOptions(config_json)) {
  ResolveUser(options_.user, options_.passwd_file);
}

ProbeResult RootlessProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("rootless",
                                   [&] { return RunUnguarded(context); });
}

ProbeResult RootlessProbe::RunUnguarded(ProbeContext& context) const {
  RootlessReport report;
  try {
    report = RunRootlessChecks(options_, context);
  } catch (const TargetError& e) {
    return MakeResult(State::kDown, reason::kNotFound, e.what());
  }
  const int failures = report.Count(CheckStatus::kFail);
  const int warnings = report.Count(CheckStatus::kWarn);
  std::string message = Verdict(report);
  std::string first_problem;
  for (const Check& check : report.checks) {
    if (check.status == CheckStatus::kFail ||
        (failures == 0 && check.status == CheckStatus::kWarn)) {
      first_problem += (first_problem.empty() ? "" : ", ") + check.id;
    }
  }
  if (!first_problem.empty()) message += " (" + first_problem + ")";
  ProbeResult result =
      failures > 0   ? MakeResult(State::kDown, kReasonPreflight, message)
      : warnings > 0 ? MakeResult(State::kDegraded, kReasonPreflight, message)
                     : MakeResult(State::kUp, reason::kNone, message);
  for (const Check& check : report.checks) {
    AddStateSet(result, "check_status",
                "Outcome of each rootless podman preflight check (file "
                "modes, /etc/subuid, sysctls, podman info) for the user",
                "status", AllStatusNames(),
                std::string(StatusName(check.status)), {{"check", check.id}});
  }
  AddGauge(result, "path_repaired",
           "1 when the given PATH finds a newuidmap/newgidmap that cannot "
           "map IDs and the PATH stackprobe start gives podman (setuid "
           "folders first) repairs it: a warning, not a failure",
           report.path_repaired ? 1.0 : 0.0);
  AddGauge(result, "path_entries",
           "Absolute folders in the PATH podman is given (config, unit "
           "file or environment)",
           static_cast<double>(report.path_entries));
  if (report.subuid_range_size) {
    AddGauge(result, "subuid_range_size",
             "Subordinate UIDs of the user in the subuid file",
             static_cast<double>(*report.subuid_range_size));
  }
  if (report.subgid_range_size) {
    AddGauge(result, "subgid_range_size",
             "Subordinate GIDs of the user in the subgid file",
             static_cast<double>(*report.subgid_range_size));
  }
  if (report.max_user_namespaces) {
    AddGauge(result, "max_user_namespaces",
             "Value of the user.max_user_namespaces sysctl "
             "(/proc/sys/user/max_user_namespaces)",
             static_cast<double>(*report.max_user_namespaces));
  }
  result.details_json = DetailsJson(report);
  return result;
}

}  // namespace stackprobe::rootless
