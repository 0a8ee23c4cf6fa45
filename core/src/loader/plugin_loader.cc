// SPDX-License-Identifier: Apache-2.0
#include "loader/plugin_loader.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "loader/file_trust.h"
#include "loader/toolchain_id.h"

namespace stackprobe::loader {

// The descriptor the library was loaded from stays open as long as the
// library: glibc finds a loaded library again by the name it was opened
// with, so a /proc/self/fd/N whose number came back for another file would
// return this library instead of that file.
struct PluginLoader::Library {
  explicit Library(int file) : fd(file) {}
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library() {
    handle.unload();
    close(fd);
  }
  int fd;
  boost::dll::shared_library handle;
  std::shared_ptr<const LoadedPlugin> plugin;
  std::string refusal;  // why a library that did load was refused
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

// dlopen's messages name the /proc/self/fd path; logs want the real one.
std::string WithRealPath(std::string text, const std::string& fd_path,
                         const std::string& path) {
  for (auto at = text.find(fd_path); at != std::string::npos;
       at = text.find(fd_path, at + path.size())) {
    text.replace(at, fd_path.size(), path);
  }
  return text;
}

// Reads the descriptor of a loaded library: an empty string and `loaded`
// set, or why the library is refused.
std::string CheckLibrary(const boost::dll::shared_library& handle,
                         const std::string& path,
                         std::shared_ptr<const LoadedPlugin>& loaded) {
  if (!handle.has(kEntrySymbol)) {
    return std::string("no ") + kEntrySymbol +
           " symbol (not a stackprobe plugin)";
  }
  const auto entry = handle.get<const PluginDescriptor*()>(kEntrySymbol);
  const PluginDescriptor* descriptor = entry();
  if (descriptor == nullptr) {
    return "the entry function returned no descriptor";
  }
  // Only the first member is read until the version is known to match.
  if (descriptor->abi_version != kAbiVersion) {
    return "plugin ABI version " + std::to_string(descriptor->abi_version) +
           ", this stackprobe needs " + std::to_string(kAbiVersion) +
           "; rebuild the plugin against this stackprobe's plugin.h";
  }
  const std::string mismatch =
      ToolchainMismatch(SafeString(descriptor->toolchain_id), kHostToolchain);
  if (!mismatch.empty()) return mismatch;
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
    return "plugin name \"" + plugin->name +
           "\" is not of the form [a-z][a-z0-9_]*";
  }
  if (plugin->name != stem) {
    return "the plugin calls itself \"" + plugin->name +
           "\" but the file is named " + stem + ".so";
  }
  if (plugin->kind != PluginKind::kProbe &&
      plugin->kind != PluginKind::kAction &&
      plugin->kind != PluginKind::kSink) {
    return "unknown plugin kind " +
           std::to_string(static_cast<std::uint32_t>(plugin->kind));
  }
  if (descriptor->create == nullptr || descriptor->destroy == nullptr) {
    return "the descriptor lacks create or destroy";
  }
  const auto schema = nlohmann::json::parse(plugin->config_schema, nullptr,
                                            /*allow_exceptions=*/false);
  if (schema.is_discarded() || !schema.is_object()) {
    return "its config_schema is not a JSON object";
  }
  plugin->allowed_reasons = CoreReasons();
  if (descriptor->extra_reasons != nullptr) {
    for (const char* const* it = descriptor->extra_reasons; *it != nullptr;
         ++it) {
      plugin->allowed_reasons.insert(*it);
    }
  }
  loaded = plugin;
  return "";
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
  std::string problem;
  const int fd = OpenTrusted(path, problem);
  if (fd < 0) {
    why = problem;
    return nullptr;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    close(fd);
    why = "cannot stat";
    return nullptr;
  }
  const auto key = std::make_pair(static_cast<unsigned long>(info.st_dev),
                                  static_cast<unsigned long>(info.st_ino));
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = libraries_.find(key); it != libraries_.end()) {
    close(fd);
    why = it->second->refusal;
    return it->second->plugin;
  }

  // The file checked is the file loaded: dlopen reads it through the
  // descriptor, never through the path again.
  auto library = std::make_unique<Library>(fd);
  const std::string fd_path = "/proc/self/fd/" + std::to_string(fd);
  std::error_code ec;
  dlerror();  // clears an older message
  library->handle.load(
      fd_path,
      boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // Boost.DLL reports every dlopen failure as "Bad file descriptor";
    // dlopen's own message says what is wrong (not ELF, a missing library,
    // an undefined symbol).
    const char* reason = dlerror();
    why = "cannot load: " + (reason != nullptr
                                 ? WithRealPath(reason, fd_path, path)
                                 : ec.message());
    return nullptr;
  }
  why = CheckLibrary(library->handle, path, library->plugin);
  if (!why.empty()) {
    // Kept loaded (and its name taken) like any library: unloading is not
    // reliable for C++ libraries, and its code has run already.
    library->refusal = why;
    libraries_.emplace(key, std::move(library));
    return nullptr;
  }
  auto plugin = library->plugin;
  libraries_.emplace(key, std::move(library));
  return plugin;
}

ScanResult PluginLoader::Scan(const std::vector<std::string>& dirs,
                              const std::set<std::string>* only) {
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
      const auto& file = entry.path();
      if (file.extension() != ".so") continue;
      if (only != nullptr && only->count(file.stem().string()) == 0) continue;
      files.push_back(file.string());
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
