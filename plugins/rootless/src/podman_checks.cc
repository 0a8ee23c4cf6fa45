// SPDX-License-Identifier: Apache-2.0
#include "podman_checks.h"

#include <nlohmann/json.hpp>

#include "stackprobe/plugin_common/bounded_json.h"

namespace stackprobe::rootless {
namespace {

constexpr std::size_t kMaxErrorChars = 500;

Check Skipped(const std::string& id, const std::string& why) {
  Check check;
  check.id = id;
  check.status = CheckStatus::kSkipped;
  check.title = why;
  return check;
}

struct MappingSummary {
  std::size_t entries = 0;
  std::uint64_t total = 0;
  std::string text;
};

MappingSummary SummarizeMappings(const nlohmann::json& list) {
  MappingSummary summary;
  if (!list.is_array()) return summary;
  for (const nlohmann::json& entry : list) {
    if (!entry.is_object()) continue;
    const auto size = entry.value("size", std::uint64_t{0});
    ++summary.entries;
    summary.total += size;
    if (!summary.text.empty()) summary.text += ", ";
    summary.text +=
        std::to_string(entry.value("container_id", std::uint64_t{0})) + "->" +
        std::to_string(entry.value("host_id", std::uint64_t{0})) + " size " +
        std::to_string(size);
  }
  return summary;
}

// The level of a logrus line (`time="..." level=error msg="..."`), or "".
std::string_view LogLevelOf(std::string_view line) {
  const std::size_t at = line.find("level=");
  if (at == std::string_view::npos ||
      (at > 0 && line[at - 1] != ' ' && line[at - 1] != '\t')) {
    return {};
  }
  std::string_view level = line.substr(at + 6);
  return level.substr(0, level.find(' '));
}

// A logrus line without its time= field: the rest is podman's own words.
std::string_view WithoutTime(std::string_view line) {
  if (line.rfind("time=", 0) != 0) return line;
  const std::size_t level = line.find(" level=");
  return level == std::string_view::npos ? line : line.substr(level + 1);
}

}  // namespace

std::string PodmanErrorLine(const std::string& stderr_data) {
  std::string_view error_prefixed;
  std::string_view logged_error;
  std::string_view first_other;
  std::string_view first_any;
  std::size_t start = 0;
  const std::string_view text = stderr_data;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (first_any.empty()) first_any = line;
    const std::string_view level = LogLevelOf(line);
    if (line.rfind("Error:", 0) == 0) {
      error_prefixed = line;
    } else if (level == "error" || level == "fatal" || level == "panic") {
      logged_error = line;
    } else if (first_other.empty() && level.empty()) {
      first_other = line;
    }
  }
  std::string_view chosen = !error_prefixed.empty() ? error_prefixed
                            : !logged_error.empty() ? logged_error
                            : !first_other.empty()  ? first_other
                                                    : first_any;
  std::string line(WithoutTime(chosen));
  if (line.size() > kMaxErrorChars) line.resize(kMaxErrorChars);
  return line;
}

std::vector<Check> SkippedPodmanChecks(const std::string& why) {
  return {Skipped("podman_info", why), Skipped("podman_id_mappings", why),
          Skipped("podman_storage_driver", why)};
}

std::vector<Check> ChecksFromPodmanInfo(const std::string& info_json,
                                        const UserIdentity& user) {
  nlohmann::json info;
  try {
    info = plugin_common::ParseBoundedJsonOrThrow(info_json);
  } catch (const std::exception& e) {
    std::vector<Check> checks =
        SkippedPodmanChecks("podman info gave no usable JSON");
    checks[0].status = CheckStatus::kFail;
    checks[0].evidence = std::string("podman info --format json: ") + e.what();
    return checks;
  }
  try {
    std::vector<Check> checks;
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& host =
        info.is_object() && info.contains("host") ? info["host"] : empty;
    const nlohmann::json& security =
        host.is_object() && host.contains("security") ? host["security"]
                                                      : empty;
    const bool rootless =
        security.is_object() && security.value("rootless", false);

    Check info_check;
    info_check.id = "podman_info";
    info_check.evidence = std::string("host.security.rootless = ") +
                          (rootless ? "true" : "false");
    if (rootless || user.uid == 0) {
      info_check.status = CheckStatus::kOk;
      info_check.title = std::string("podman info works (") +
                         (rootless ? "rootless" : "rootful") + ")";
    } else {
      info_check.status = CheckStatus::kWarn;
      info_check.title = "podman does not run rootless for " + user.name;
    }
    checks.push_back(info_check);

    Check mapping;
    mapping.id = "podman_id_mappings";
    const nlohmann::json& id_mappings =
        host.is_object() && host.contains("idMappings") ? host["idMappings"]
                                                        : empty;
    const MappingSummary uids = SummarizeMappings(
        id_mappings.is_object() && id_mappings.contains("uidmap")
            ? id_mappings["uidmap"]
            : empty);
    const MappingSummary gids = SummarizeMappings(
        id_mappings.is_object() && id_mappings.contains("gidmap")
            ? id_mappings["gidmap"]
            : empty);
    mapping.evidence = "host.idMappings.uidmap: " +
                       (uids.text.empty() ? std::string("none") : uids.text) +
                       "\nhost.idMappings.gidmap: " +
                       (gids.text.empty() ? std::string("none") : gids.text);
    if (!rootless) {
      mapping.status = CheckStatus::kSkipped;
      mapping.title = "not rootless: no ID mappings to check";
    } else if (uids.total <= 1 || gids.total <= 1) {
      mapping.status = CheckStatus::kFail;
      mapping.title =
          "podman uses a single-ID mapping: the subordinate ID ranges were not "
          "applied";
      mapping.fix_generic =
          "fix the subuid/subgid checks, then run podman system migrate as " +
          user.name;
      mapping.fix_nixos =
          "set users.users." + user.name +
          ".subUidRanges/subGidRanges, then podman system migrate";
    } else {
      mapping.status = CheckStatus::kOk;
      mapping.title = "podman maps " + std::to_string(uids.total) +
                      " UIDs and " + std::to_string(gids.total) + " GIDs";
    }
    checks.push_back(mapping);

    Check storage;
    storage.id = "podman_storage_driver";
    const nlohmann::json& store =
        info.is_object() && info.contains("store") ? info["store"] : empty;
    const std::string driver = store.is_object() &&
                                       store.contains("graphDriverName") &&
                                       store["graphDriverName"].is_string()
                                   ? store["graphDriverName"].get<std::string>()
                                   : std::string();
    storage.evidence =
        "store.graphDriverName = \"" + driver.substr(0, 64) + "\"";
    if (driver == "vfs") {
      storage.status = CheckStatus::kWarn;
      storage.title =
          "podman stores images with vfs (slow, a full copy per layer)";
      storage.fix_generic =
          "~/.config/containers/storage.conf: [storage] driver = \"overlay\" "
          "(apt-get install fuse-overlayfs on kernels before 5.13), then "
          "podman system reset";
      storage.fix_nixos =
          "virtualisation.containers.storage.settings.storage.driver = "
          "\"overlay\"; then podman system reset";
    } else {
      storage.status = CheckStatus::kOk;
      storage.title =
          "storage driver " +
          (driver.empty() ? std::string("unknown") : driver.substr(0, 64));
    }
    checks.push_back(storage);
    return checks;
  } catch (const std::exception& e) {
    std::vector<Check> checks =
        SkippedPodmanChecks("podman info has an unexpected shape");
    checks[0].status = CheckStatus::kFail;
    checks[0].evidence = std::string("podman info --format json: ") + e.what();
    return checks;
  }
}

std::vector<Check> RunPodmanChecks(const PodmanRun& run,
                                   const UserIdentity& user,
                                   HostContext& context) {
  CommandRequest request;
  request.argv = {run.podman, "info", "--format", "json"};
  request.inherit_env = true;
  request.env = {"PATH=" + run.path, "HOME=" + run.home};
  if (!run.runtime_dir.empty()) {
    request.env.push_back("XDG_RUNTIME_DIR=" + run.runtime_dir);
  }
  request.timeout = run.timeout;
  request.max_output_bytes = 4 << 20;
  const CommandResult result = context.RunCommand(request);
  if (result.started && result.exit_code == 0) {
    return ChecksFromPodmanInfo(result.stdout_data, user);
  }
  std::vector<Check> checks =
      SkippedPodmanChecks("podman info failed: nothing more to check");
  Check& failed = checks[0];
  failed.status = CheckStatus::kFail;
  failed.title = "podman info failed";
  const std::string command =
      run.podman + " info --format json (PATH=" + run.path + ")";
  if (!result.started) {
    failed.evidence = command + ": " + result.error.substr(0, kMaxErrorChars);
  } else if (result.timed_out) {
    failed.evidence = command + ": timed out";
  } else {
    failed.title += " (exit " + std::to_string(result.exit_code) + ")";
    failed.evidence =
        command + " said:\n" + PodmanErrorLine(result.stderr_data);
  }
  failed.fix_generic =
      "fix the failed checks above; if podman names newuidmap/newgidmap, fix "
      "PATH, then podman system migrate";
  failed.fix_nixos = failed.fix_generic;
  return checks;
}

}  // namespace stackprobe::rootless
