// SPDX-License-Identifier: Apache-2.0
#include "loader/toolchain_id.h"

#include <map>
#include <vector>

namespace stackprobe::loader {
namespace {

using Fields = std::map<std::string, std::string, std::less<>>;

// "key=value;key=value" into its fields; false when a part has no '='.
bool Parse(std::string_view id, Fields& fields) {
  while (!id.empty()) {
    const auto end = id.find(';');
    const std::string_view part = id.substr(0, end);
    const auto equals = part.find('=');
    if (equals == std::string_view::npos || equals == 0) return false;
    fields.emplace(std::string(part.substr(0, equals)),
                   std::string(part.substr(equals + 1)));
    id =
        end == std::string_view::npos ? std::string_view() : id.substr(end + 1);
  }
  return !fields.empty();
}

std::string ValueOf(const Fields& fields, std::string_view key) {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

// One field's value for people.
std::string Show(std::string_view key, const std::string& value) {
  if (value.empty()) return "none";
  if (key == "cxx11_abi") {
    if (value == "0") {
      return "the pre-C++11 std::string (_GLIBCXX_USE_CXX11_ABI=0)";
    }
    if (value == "1") return "the C++11 std::string (_GLIBCXX_USE_CXX11_ABI=1)";
    return "_GLIBCXX_USE_CXX11_ABI=" + value;
  }
  return value;
}

// The standard library with its release ("libstdc++ 12").
std::string Library(const Fields& fields) {
  const std::string release = ValueOf(fields, "stdlib_release");
  return Show("stdlib", ValueOf(fields, "stdlib")) +
         (release.empty() ? "" : " " + release);
}

struct Field {
  const char* key;
  const char* label;
};

// In the order a difference is reported. The fields after "stdlib" only
// mean something when both sides use the same standard library.
constexpr Field kFields[] = {
    {"plugin_abi", "plugin.h ABI version"},
    {"arch", "architecture"},
    {"cxx_abi", "C++ ABI"},
    {"stdlib", "standard library"},
    {"stdlib_release", "standard library release"},
    {"cxx11_abi", "libstdc++ string ABI"},
    {"libcxx_abi", "libc++ ABI version (_LIBCPP_ABI_VERSION)"},
};

}  // namespace

std::string ToolchainMismatch(std::string_view plugin, std::string_view host) {
  if (plugin == host) return "";
  Fields host_fields;
  Parse(host, host_fields);
  std::string wanted =
      ValueOf(host_fields, "arch") + ", " + Library(host_fields);
  if (const auto cxx11 = ValueOf(host_fields, "cxx11_abi"); !cxx11.empty()) {
    wanted += " with _GLIBCXX_USE_CXX11_ABI=" + cxx11;
  }
  const std::string rebuild =
      "; rebuild the plugin against this stackprobe's plugin.h for " + wanted +
      " (g++ and clang++ both work)";

  Fields plugin_fields;
  if (!Parse(plugin, plugin_fields)) {
    return "the plugin's toolchain id \"" + std::string(plugin) +
           "\" is not one this stackprobe knows (an older plugin.h?)" + rebuild;
  }
  std::vector<std::string> differences;
  for (const Field& field : kFields) {
    const std::string ours = ValueOf(host_fields, field.key);
    const std::string theirs = ValueOf(plugin_fields, field.key);
    if (ours == theirs) continue;
    if (std::string_view(field.key) == "stdlib") {
      differences.push_back(std::string(field.label) + ": the plugin uses " +
                            Library(plugin_fields) + ", this stackprobe " +
                            Library(host_fields));
      break;
    }
    differences.push_back(std::string(field.label) + ": the plugin uses " +
                          Show(field.key, theirs) + ", this stackprobe " +
                          Show(field.key, ours));
  }
  if (differences.empty()) {
    return "the plugin's toolchain id \"" + std::string(plugin) +
           "\" has fields this stackprobe does not know" + rebuild;
  }
  std::string text = "built for another C++ ABI: ";
  for (std::size_t i = 0; i < differences.size(); ++i) {
    text += (i == 0 ? "" : "; ") + differences[i];
  }
  return text + rebuild;
}

}  // namespace stackprobe::loader
