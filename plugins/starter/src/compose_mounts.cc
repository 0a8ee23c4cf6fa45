// SPDX-License-Identifier: Apache-2.0
#include "compose_mounts.h"

#include <filesystem>
#include <regex>
#include <stdexcept>
#include <vector>

namespace stackprobe::starter {
namespace {

std::vector<std::string> SplitMountText(const std::string& text,
                                        char separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (;;) {
    const auto end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end - begin));
    if (end == std::string::npos) return parts;
    begin = end + 1;
  }
}

// podman-compose 1.0.3's propagation_re.
bool IsPropagationOption(const std::string& option) {
  static const std::regex kPropagation(
      "^(?:z|Z|O|U|r?shared|r?slave|r?private|r?unbindable|r?bind|(?:no)?(?:"
      "exec|dev|suid))$");
  return std::regex_match(option, kPropagation);
}

}  // namespace

std::string ResolveHostPath(const std::string& path,
                            const std::string& base_dir,
                            const std::string& home) {
  std::string expanded = path;
  if (expanded == "~" || expanded.starts_with("~/")) {
    expanded = home + expanded.substr(1);
  }
  std::filesystem::path joined(expanded);
  if (joined.is_relative()) joined = std::filesystem::path(base_dir) / joined;
  std::error_code error;
  std::filesystem::path resolved =
      std::filesystem::weakly_canonical(joined, error);
  if (error) resolved = joined.lexically_normal();
  std::string out = resolved.string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

ComposeMount ParseShortMount(const std::string& text,
                             const std::string& base_dir,
                             const std::string& home,
                             const std::string& where) {
  const std::vector<std::string> parts = SplitMountText(text, ':');
  std::string source, options;
  ComposeMount mount;
  if (parts.size() == 1) {
    mount.target = parts[0];
  } else if (parts.size() == 2) {
    source = parts[0];
    mount.target = parts[1];
    // "DST:OPTS": the second part is not a path in the container.
    if (!mount.target.starts_with("/")) {
      mount.target = parts[0];
      options = parts[1];
      source.clear();
    }
  } else if (parts.size() == 3) {
    source = parts[0];
    mount.target = parts[1];
    options = parts[2];
  } else {
    throw std::invalid_argument(where + ": expected SRC:DST[:OPTIONS], got \"" +
                                text + "\"");
  }
  if (!source.empty() &&
      (source[0] == '/' || source[0] == '.' || source[0] == '~')) {
    mount.type = "bind";
    mount.source = ResolveHostPath(source, base_dir, home);
  } else {
    mount.type = "volume";
    mount.source = source;
  }
  if (!options.empty()) {
    for (const auto& option : SplitMountText(options, ',')) {
      if (option.empty()) continue;
      if (option == "ro") {
        mount.read_only = true;
      } else if (option == "rw") {
        mount.read_only = false;
      } else if (option == "consistent" || option == "delegated" ||
                 option == "cached") {
        // Docker Desktop hints; podman-compose drops them too.
      } else if (IsPropagationOption(option)) {
        mount.propagation = {option};
      } else {
        throw std::invalid_argument(where + ": unknown volume option \"" +
                                    option + "\" in \"" + text + "\"");
      }
    }
  }
  return mount;
}

}  // namespace stackprobe::starter
