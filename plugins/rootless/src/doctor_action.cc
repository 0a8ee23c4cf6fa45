// SPDX-License-Identifier: Apache-2.0
#include "doctor_action.h"

#include <unistd.h>

#include <optional>

#include "report.h"
#include "rootless_checks.h"
#include "user_identity.h"

namespace stackprobe::rootless {
namespace {

constexpr const char* kUsage =
    "usage: stackprobe doctor [--user NAME|UID] [--path PATH | --unit FILE] "
    "[--no-repair] [--json]";

constexpr const char* kHelp =
    "\n"
    "Explains why rootless podman containers cannot start, and the fix.\n"
    "  --user NAME|UID  the user whose containers must start (default: the "
    "user stackprobe runs as)\n"
    "  --path PATH      the PATH podman is given (default: the PATH of "
    "--unit, else stackprobe's own)\n"
    "  --unit FILE      a systemd unit: its Environment= lines give PATH, "
    "HOME and XDG_RUNTIME_DIR\n"
    "  --no-repair      judge PATH exactly as given (podman run by hand), "
    "not the PATH stackprobe start gives podman (setuid folders first)\n"
    "  --json           print the details as JSON\n"
    "  -h, --help       print this help\n"
    "Exit code: 0 containers can start (warnings allowed), 1 they cannot, 2 "
    "bad arguments.";

ActionResult BadArguments(const std::string& what) {
  ActionResult result;
  result.exit_code = 2;
  result.summary = "doctor: " + what + "\n" + kUsage;
  return result;
}

struct DoctorArgs {
  std::optional<std::string> user;
  std::optional<std::string> path;
  std::optional<std::string> unit;
  bool json = false;
  bool no_repair = false;
  bool help = false;
};

// Accepts "--key VALUE" and "--key=VALUE"; returns an error text or "".
std::string ParseArgs(const std::vector<std::string>& args, DoctorArgs& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (const std::size_t eq = arg.find('=');
        arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg.resize(eq);
    }
    bool* flag = arg == "--json"                    ? &out.json
                 : arg == "--no-repair"             ? &out.no_repair
                 : (arg == "-h" || arg == "--help") ? &out.help
                                                    : nullptr;
    if (flag != nullptr) {
      if (inline_value) return arg + " takes no value";
      *flag = true;
      continue;
    }
    std::optional<std::string>* target = nullptr;
    if (arg == "--user") target = &out.user;
    if (arg == "--path") target = &out.path;
    if (arg == "--unit") target = &out.unit;
    if (target == nullptr) return "unknown argument \"" + args[i] + "\"";
    if (inline_value) {
      *target = *inline_value;
    } else if (i + 1 < args.size()) {
      *target = args[++i];
    } else {
      return arg + " needs a value";
    }
    if ((*target)->empty()) return arg + " needs a non-empty value";
  }
  if (out.path && out.unit) return "--path and --unit exclude each other";
  return "";
}

}  // namespace

DoctorAction::DoctorAction(const std::string& config_json)
    : options_(ParseOptions(config_json)) {}

ActionResult DoctorAction::Run(ActionContext& context,
                               const std::vector<std::string>& args) {
  try {
    DoctorArgs parsed;
    if (const std::string error = ParseArgs(args, parsed); !error.empty()) {
      return BadArguments(error);
    }
    if (parsed.help) {
      ActionResult result;
      result.exit_code = 0;
      result.summary = std::string(kUsage) + kHelp;
      return result;
    }
    RootlessOptions options = options_;
    if (parsed.user) {
      try {
        ResolveUser(*parsed.user, options.passwd_file);
      } catch (const std::exception&) {
        return BadArguments("--user: no such user \"" + *parsed.user + "\"");
      }
      options.user = *parsed.user;
    }
    if (parsed.unit && access(parsed.unit->c_str(), R_OK) != 0) {
      return BadArguments("--unit: cannot read " + *parsed.unit);
    }
    if (parsed.path) {
      options.path = *parsed.path;
      options.unit_file.clear();
    }
    if (parsed.unit) {
      options.unit_file = *parsed.unit;
      options.path.clear();
    }
    if (parsed.no_repair) options.repair_path = false;
    ActionResult result;
    try {
      const RootlessReport report = RunRootlessChecks(options, context);
      result.details_json = DetailsJson(report);
      result.exit_code = report.Count(CheckStatus::kFail) == 0 ? 0 : 1;
      result.summary = parsed.json ? result.details_json : DoctorText(report);
    } catch (const TargetError& e) {
      result.exit_code = 1;
      result.summary = std::string("doctor: ") + e.what() +
                       "\ncontainers cannot start: 1 problem(s)";
    }
    return result;
  } catch (const std::exception& e) {
    ActionResult result;
    result.exit_code = 1;
    result.summary = std::string("doctor: internal error: ") + e.what();
    return result;
  }
}

}  // namespace stackprobe::rootless
