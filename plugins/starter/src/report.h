// SPDX-License-Identifier: Apache-2.0
//
// What a start run ends with: per-container results, the summary table and
// the JSON written to the state file (read back by starter_status).
#ifndef STACKPROBE_PLUGINS_STARTER_REPORT_H_
#define STACKPROBE_PLUGINS_STARTER_REPORT_H_

#include <optional>
#include <string>
#include <vector>

namespace stackprobe::starter {

/// How one container ended.
enum class ContainerResult {
  kReady,         ///< Started by this run and ready.
  kAlreadyReady,  ///< Was running and ready; left alone.
  kFailed,        ///< Start failed, the container exited, or not found.
  kTimeout,       ///< Not ready within its timeout or the overall budget.
  kBlocked,       ///< Not started: a dependency did not become ready.
  kNotRun,        ///< Not started: the run was cancelled or out of budget.
  kPlanned,       ///< Dry run: would be started.
};

/// Lower-case name used in the table and JSON ("ready", "already_ready",
/// "failed", "timeout", "blocked", "not_run", "planned").
std::string ResultName(ContainerResult result);

/// True for kReady and kAlreadyReady.
bool IsReady(ContainerResult result);

/// One container's line of the report.
struct ContainerReport {
  std::string name;
  ContainerResult result = ContainerResult::kNotRun;
  bool required = true;
  double seconds = 0;    ///< From its start command (or check) to the end.
  std::string message;   ///< Why it failed or was blocked; may be empty.
  bool created = false;  ///< This run created it (from its compose service).
};

/// Overall outcome names, also the states of the starter_status StateSet.
inline constexpr const char* kOutcomeSuccess = "success";
inline constexpr const char* kOutcomeFailed = "failed";
inline constexpr const char* kOutcomePreflightFailed = "preflight_failed";

/// The whole run.
struct RunReport {
  int exit_code = 1;      ///< 0 all ready, 1 a required failed, 2 preflight.
  std::string outcome;    ///< One of the kOutcome* names.
  double started_at = 0;  ///< Unix seconds.
  double duration_seconds = 0;
  std::string path;  ///< PATH podman ran with.
  bool path_reordered = false;
  std::string message;  ///< One line.
  std::vector<ContainerReport> containers;
  /// The boot the start ran in (CurrentBootId()); "" when unknown, as in
  /// state files written before it was recorded.
  std::string boot_id;
};

/// The summary table: one row per container (name, result, seconds, note:
/// "(optional)", "created", the message) and a last line with `message`.
/// Thread-safe.
std::string FormatTable(const RunReport& report);

/// The report as JSON text (the state file's content and `--json` output):
/// {"version":1,"outcome","exit_code","started_at","duration_seconds",
/// "path","path_reordered","message","boot_id","containers":[{"name",
/// "result","ready","required","seconds","message","created"}]}.
/// Thread-safe.
std::string ReportToJson(const RunReport& report);

/// Parses ReportToJson output; nullopt (with `error` set) for anything
/// else. Never throws; rejects nesting deeper than 64.
std::optional<RunReport> ParseReport(const std::string& json_text,
                                     std::string& error);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_REPORT_H_
