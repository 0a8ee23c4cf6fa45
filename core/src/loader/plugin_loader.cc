// SPDX-License-Identifier: Apache-2.0
#include "loader/plugin_loader.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "loader/file_trust.h"

namespace stackprobe::loader {

struct PluginLoader::Library {
  boost::dll::shared_library handle;
  std::shared_ptr<const LoadedPlugin> plugin;
};

namespace {

constexpr const char* kHostToolchain = STACKPROBE_TOOLCHAIN_ID;

// ^[a-z][a-z0-9_]{0,63}$, checked by hand: <regex> alone costs this file
// most of its compile time.
bool IsPluginName(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string SafeString(const char* text) {
  return text == nullptr ? std::string() : std::string(text);
}

}  // namespace

std::string KindName(PluginKind kind) {
  switch (kind) {
    case PluginKind::kProbe:
      return "probe";
    case PluginKind::kAction:
      return "action";
    case PluginKind::kSink:
      return "sink";
  }
  return "unknown";
}

const std::set<std::string>& CoreReasons() {
  static const std::set<std::string> kReasons = {
      reason::kNone,          reason::kRefused,      reason::kTimeout,
      reason::kDns,           reason::kTls,          reason::kHttpStatus,
      reason::kBadBody,       reason::kBodyTooLarge, reason::kAssertion,
      reason::kDependency,    reason::kNotFound,     reason::kPermission,
      reason::kCommandFailed, reason::kConnection,   reason::kPluginError,
      reason::kPluginCrash};
  return kReasons;
}

PluginLoader::PluginLoader() = default;

// Libraries are released here only when the loader itself goes, at the end
// of main, after every plugin object is gone.
PluginLoader::~PluginLoader() = default;

std::shared_ptr<const LoadedPlugin> PluginLoader::LoadFile(
    const std::string& path, std::string& why) {
  if (auto problem = UntrustedBecause(path)) {
    why = *problem;
    return nullptr;
  }
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    why = "cannot stat";
    return nullptr;
  }
  const auto key = std::make_pair(static_cast<unsigned long>(info.st_dev),
                                  static_cast<unsigned long>(info.st_ino));
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = libraries_.find(key); it != libraries_.end()) {
    return it->second->plugin;
  }

  auto library = std::make_unique<Library>();
  boost::system::error_code ec;
  dlerror();  // clears an older message
  library->handle.load(
      path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
      ec);
  if (ec) {
    // Boost.DLL reports every dlopen failure as "Bad file descriptor";
    // dlopen's own message says what is wrong (not ELF, a missing library,
    // an undefined symbol).
    const char* reason = dlerror();
    why = "cannot load: " +
          (reason != nullptr ? std::string(reason) : ec.message());
    return nullptr;
  }
  if (!library->handle.has(kEntrySymbol)) {
    why =
        std::string("no ") + kEntrySymbol + " symbol (not a stackprobe plugin)";
    return nullptr;
  }
  const auto entry =
      library->handle.get<const PluginDescriptor*()>(kEntrySymbol);
  const PluginDescriptor* descriptor = entry();
  if (descriptor == nullptr) {
    why = "the entry function returned no descriptor";
    return nullptr;
  }
  // Only the first member is read until the version is known to match.
  if (descriptor->abi_version != kAbiVersion) {
    why = "plugin ABI version " + std::to_string(descriptor->abi_version) +
          ", this stackprobe needs " + std::to_string(kAbiVersion) +
          "; rebuild the plugin against this stackprobe's plugin.h";
    return nullptr;
  }
  const std::string toolchain = SafeString(descriptor->toolchain_id);
  if (toolchain != kHostToolchain) {
    why = "built with toolchain " + toolchain + ", this stackprobe " +
          "was built with " + kHostToolchain +
          "; rebuild the plugin with the same compiler and standard library";
    return nullptr;
  }
  auto plugin = std::make_shared<LoadedPlugin>();
  plugin->name = SafeString(descriptor->name);
  plugin->version = SafeString(descriptor->version);
  plugin->description = SafeString(descriptor->description);
  plugin->config_schema = SafeString(descriptor->config_schema);
  plugin->kind = descriptor->kind;
  plugin->path = std::filesystem::absolute(path).lexically_normal().string();
  plugin->descriptor = descriptor;

  const std::string stem = std::filesystem::path(path).stem().string();
  if (!IsPluginName(plugin->name)) {
    why = "plugin name \"" + plugin->name +
          "\" is not of the form [a-z][a-z0-9_]*";
    return nullptr;
  }
  if (plugin->name != stem) {
    why = "the plugin calls itself \"" + plugin->name +
          "\" but the file is named " + stem + ".so";
    return nullptr;
  }
  if (plugin->kind != PluginKind::kProbe &&
      plugin->kind != PluginKind::kAction &&
      plugin->kind != PluginKind::kSink) {
    why = "unknown plugin kind " +
          std::to_string(static_cast<std::uint32_t>(plugin->kind));
    return nullptr;
  }
  if (descriptor->create == nullptr || descriptor->destroy == nullptr) {
    why = "the descriptor lacks create or destroy";
    return nullptr;
  }
  const auto schema = nlohmann::json::parse(plugin->config_schema, nullptr,
                                            /*allow_exceptions=*/false);
  if (schema.is_discarded() || !schema.is_object()) {
    why = "its config_schema is not a JSON object";
    return nullptr;
  }
  plugin->allowed_reasons = CoreReasons();
  if (descriptor->extra_reasons != nullptr) {
    for (const char* const* it = descriptor->extra_reasons; *it != nullptr;
         ++it) {
      plugin->allowed_reasons.insert(*it);
    }
  }
  library->plugin = plugin;
  libraries_.emplace(key, std::move(library));
  return plugin;
}

ScanResult PluginLoader::Scan(const std::vector<std::string>& dirs) {
  ScanResult result;
  std::map<std::string, std::shared_ptr<const LoadedPlugin>> by_name;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      result.refusals.push_back({dir, "plugin folder does not exist"});
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".so") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::string why;
      auto plugin = LoadFile(file, why);
      if (!plugin) {
        result.refusals.push_back({file, why});
        continue;
      }
      if (auto it = by_name.find(plugin->name); it != by_name.end()) {
        if (it->second->path != plugin->path) {
          result.refusals.push_back(
              {file, "shadowed by " + it->second->path + " (same name)"});
        }
        continue;
      }
      by_name.emplace(plugin->name, plugin);
    }
  }
  for (auto& [name, plugin] : by_name) {
    result.plugins.push_back(plugin);
  }
  return result;
}

PluginObject CreateInstance(const LoadedPlugin& plugin,
                            const std::string& config_json,
                            std::string& error) {
  Plugin* object = plugin.descriptor->create(config_json, error);
  if (object == nullptr && error.empty()) {
    error = "create failed without a message";
  }
  return PluginObject(object, PluginDeleter(plugin.descriptor));
}

}  // namespace stackprobe::loader
