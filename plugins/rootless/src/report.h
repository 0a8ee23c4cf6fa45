// SPDX-License-Identifier: Apache-2.0
//
// How a RootlessReport is shown: details JSON for machines, text for people.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_REPORT_H_
#define STACKPROBE_PLUGINS_ROOTLESS_REPORT_H_

#include <string>

#include "rootless_checks.h"

namespace stackprobe::rootless {

/// {"user", "uid", "path", "path_source", "podman_path", "path_repair",
///  "path_repaired", "failures", "warnings",
///  "checks": [{id, status, title, evidence, fix_nixos, fix_generic}]}.
/// Invalid UTF-8 in any text is replaced, never thrown. Thread-safe.
std::string DetailsJson(const RootlessReport& report);

/// The doctor's text: the given PATH and, when it differs, the PATH podman
/// gets from stackprobe start; each failed and warned check with its
/// evidence and both fixes (a fix already printed for another check is
/// named, not repeated; one "fix:" line when both are the same), skipped
/// checks in one line each, then the verdict as the last line: "containers
/// can start" or "containers cannot start: N problem(s)".
/// Thread-safe.
std::string DoctorText(const RootlessReport& report);

/// The verdict line alone (also the probe's message).
std::string Verdict(const RootlessReport& report);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_REPORT_H_
