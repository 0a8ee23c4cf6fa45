// SPDX-License-Identifier: Apache-2.0
#include "path_fix.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>

namespace stackprobe::rootless {
namespace {

constexpr std::string_view kServiceSuffix = ".service";
constexpr std::size_t kMaxCgroupBytes = 64 * 1024;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

// The cgroup path of one /proc/PID/cgroup line "ID:CONTROLLERS:PATH" when
// its controllers are `controllers`.
std::string_view CgroupPathOf(std::string_view line,
                              std::string_view controllers) {
  const std::size_t first = line.find(':');
  if (first == std::string_view::npos) return {};
  const std::size_t second = line.find(':', first + 1);
  if (second == std::string_view::npos) return {};
  if (line.substr(first + 1, second - first - 1) != controllers) return {};
  return line.substr(second + 1);
}

// A Nix attribute name: bare when it is an identifier, else quoted.
std::string NixAttribute(const std::string& name) {
  bool bare = !name.empty() &&
              (std::isalpha(static_cast<unsigned char>(name.front())) != 0 ||
               name.front() == '_');
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' &&
        c != '-' && c != '\'') {
      bare = false;
    }
  }
  if (bare) return name;
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\' || c == '$') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// A Nix string literal for `text`.
std::string NixString(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\\' ||
        (c == '$' && i + 1 < text.size() && text[i + 1] == '{')) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

UnitRef UnitOfFile(const std::string& unit_file) {
  UnitRef unit;
  const std::size_t slash = unit_file.rfind('/');
  std::string name =
      slash == std::string::npos ? unit_file : unit_file.substr(slash + 1);
  if (EndsWith(name, kServiceSuffix)) {
    name.resize(name.size() - kServiceSuffix.size());
  }
  unit.name = name;
  const std::string folder =
      slash == std::string::npos ? std::string() : unit_file.substr(0, slash);
  unit.user_unit = !EndsWith(folder, "/systemd/system") &&
                   folder.find("/systemd/system/") == std::string::npos;
  return unit;
}

UnitRef UnitFromCgroup(std::string_view cgroup_text) {
  std::string_view unified;
  std::string_view named;
  std::size_t start = 0;
  while (start < cgroup_text.size()) {
    std::size_t end = cgroup_text.find('\n', start);
    if (end == std::string_view::npos) end = cgroup_text.size();
    const std::string_view line = cgroup_text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("0::", 0) == 0) unified = CgroupPathOf(line, "");
    if (named.empty()) named = CgroupPathOf(line, "name=systemd");
  }
  // On a hybrid hierarchy systemd keeps its tree in name=systemd.
  const std::string_view path = !named.empty() ? named : unified;
  UnitRef unit;
  const std::size_t slash = path.rfind('/');
  const std::string_view last =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (!EndsWith(last, kServiceSuffix) || last.rfind("user@", 0) == 0) {
    return unit;
  }
  unit.name = std::string(last.substr(0, last.size() - kServiceSuffix.size()));
  unit.user_unit = path.find("/user@") != std::string_view::npos;
  return unit;
}

UnitRef UnitOfThisProcess() {
  const char* invocation = std::getenv("INVOCATION_ID");
  if (invocation == nullptr || *invocation == '\0') return {};
  std::ifstream in("/proc/self/cgroup", std::ios::binary);
  if (!in) return {};
  std::string text(kMaxCgroupBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return UnitFromCgroup(text);
}

std::string NixosPathFix(const UnitRef& unit, const std::string& path) {
  const std::string services =
      unit.user_unit ? "systemd.user.services." : "systemd.services.";
  const std::string name =
      unit.name.empty() ? "<unit>" : NixAttribute(unit.name);
  std::string fix = services + name + ".environment.PATH = lib.mkForce " +
                    NixString(path) + ";";
  if (unit.name.empty()) {
    fix += " (<unit>: the service that runs podman, e.g. ai-stack-startup)";
  }
  return fix;
}

std::string GenericPathFix(const UnitRef& unit, const std::string& path) {
  const std::string line = "Environment=\"PATH=" + path + "\"";
  if (unit.name.empty()) {
    return "in the unit that runs podman: " + line;
  }
  return "in " + unit.name + ".service: " + line + " (systemctl " +
         (unit.user_unit ? "--user " : "") + "edit " + unit.name + ")";
}

}  // namespace stackprobe::rootless
