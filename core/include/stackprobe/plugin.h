// SPDX-License-Identifier: Apache-2.0
//
// The stackprobe plugin contract, ABI version 2. This is the only header a
// plugin needs. A plugin is a shared library that exports exactly one
// extern "C" symbol, `stackprobe_plugin_entry`, returning a fixed-layout
// PluginDescriptor. The host reads `abi_version` (the first member) before it
// touches any C++ type, then checks the toolchain id, then calls create.
//
// Rules of the boundary:
//  - Only std::string, std::vector, std::map, std::pair, std::chrono and the
//    plain structs of this header cross it. JSON travels as text.
//  - Exceptions. create and destroy are noexcept: an exception leaving them
//    ends the process (std::terminate); STACKPROBE_PLUGIN's create catches
//    what the constructor throws and returns its what() as the error. What
//    the host does with an exception that leaves the other calls:
//     - Probe::Run: caught, whatever its type (in the worker process too
//       for isolated probes); the run's result is state error, reason
//       plugin_error, message "the plugin threw: <what()>".
//     - Sink::Consume: caught, whatever its type, and logged
//       (event=sink_error); the next snapshot is offered as usual.
//     - Action::Run: caught, whatever its type; the action ends with exit
//       code 2 and the exception's what() as its summary (on stderr for
//       `stackprobe <action>`).
//    Catch at the top of Run and return a result instead.
//  - Threads. A context (and everything it hands out) is valid only until
//    the call it was passed to returns. Until then its methods may be called
//    from any thread the plugin runs, concurrently (see HostContext for
//    what each does); a Connection is used by one thread at a time.
//  - Whoever creates destroys: objects made by a plugin's create are deleted
//    by that plugin's destroy; objects handed out by the host (Connection)
//    are owned by the host.
//  - Libraries stay loaded for the life of the process.
//
// Any change to this file bumps kAbiVersion.
#ifndef STACKPROBE_PLUGIN_H_
#define STACKPROBE_PLUGIN_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#define STACKPROBE_PLUGIN_STRINGIFY_INNER(x) #x
#define STACKPROBE_PLUGIN_STRINGIFY(x) STACKPROBE_PLUGIN_STRINGIFY_INNER(x)

/// ABI version of this header, as a literal for STACKPROBE_TOOLCHAIN_ID.
///  1: first version.
///  2: the toolchain id names the C++ ABI (architecture, Itanium C++ ABI,
///     standard library, its release and its std::string ABI) instead of the
///     compiler, so g++ and clang++ plugins load into either build; the
///     header says what the host does with exceptions, which HostContext
///     methods may be called from other threads (all of them; Connect
///     became safe to call concurrently) and what the deadline bounds
///     (Connect's name resolution too, now); a plugin file is <name>.so,
///     never lib<name>.so. A version 1 plugin is refused with a message
///     asking to rebuild it.
#define STACKPROBE_PLUGIN_ABI_VERSION 2

#if defined(__x86_64__)
#define STACKPROBE_ARCH_ID "x86_64"
#elif defined(__aarch64__)
#define STACKPROBE_ARCH_ID "aarch64"
#elif defined(__i386__)
#define STACKPROBE_ARCH_ID "i386"
#elif defined(__arm__)
#define STACKPROBE_ARCH_ID "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define STACKPROBE_ARCH_ID "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define STACKPROBE_ARCH_ID "ppc64le"
#else
#define STACKPROBE_ARCH_ID "unknown"
#endif

// g++ and clang++ both follow the Itanium C++ ABI (layout, vtables, name
// mangling). __GXX_ABI_VERSION is not part of the id: clang always reports
// 1002 whatever it implements, and g++ raises it for corner cases of
// mangling that do not touch the types of this header.
#if defined(__GXX_ABI_VERSION)
#define STACKPROBE_CXX_ABI_ID "itanium"
#else
#define STACKPROBE_CXX_ABI_ID "unknown"
#endif

// The standard library decides the layout of std::string and friends:
// libstdc++ by its release (_GLIBCXX_RELEASE, the GCC major version of the
// headers, whichever compiler includes them) and its string ABI
// (_GLIBCXX_USE_CXX11_ABI); libc++ by its version and its ABI version.
#if defined(_LIBCPP_VERSION)
#define STACKPROBE_STDLIB_ID                                   \
  "stdlib=libc++;stdlib_release=" STACKPROBE_PLUGIN_STRINGIFY( \
      _LIBCPP_VERSION) ";libcxx_abi=" STACKPROBE_PLUGIN_STRINGIFY(_LIBCPP_ABI_VERSION)
#elif defined(__GLIBCXX__)
#define STACKPROBE_STDLIB_ID                                      \
  "stdlib=libstdc++;stdlib_release=" STACKPROBE_PLUGIN_STRINGIFY( \
      _GLIBCXX_RELEASE) ";cxx11_abi=" STACKPROBE_PLUGIN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define STACKPROBE_STDLIB_ID "stdlib=unknown"
#endif

/// Identifies the C++ ABI a plugin was built for, as `key=value` pairs
/// separated by ';': plugin_abi, arch, cxx_abi, stdlib, stdlib_release and
/// cxx11_abi (libstdc++) or libcxx_abi (libc++). Plugins whose id differs
/// from the host's are refused, with a message naming what differs, since
/// std::string and friends cross the boundary and their layout depends on
/// the standard library. The compiler is not part of it: a plugin built with
/// clang++ against the host's libstdc++ loads into a g++-built host and the
/// other way round.
#define STACKPROBE_TOOLCHAIN_ID                                        \
  "plugin_abi=" STACKPROBE_PLUGIN_STRINGIFY(                           \
      STACKPROBE_PLUGIN_ABI_VERSION) ";arch=" STACKPROBE_ARCH_ID       \
                                     ";cxx_abi=" STACKPROBE_CXX_ABI_ID \
                                     ";" STACKPROBE_STDLIB_ID

namespace stackprobe {

/// ABI version of this header (STACKPROBE_PLUGIN_ABI_VERSION). Bumped on
/// any change to it.
inline constexpr std::uint32_t kAbiVersion = STACKPROBE_PLUGIN_ABI_VERSION;

/// Name of the single symbol every plugin exports.
inline constexpr const char* kEntrySymbol = "stackprobe_plugin_entry";

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/// Outcome of one probe run.
enum class State : std::uint8_t {
  kUp = 0,  ///< The target works.
  kDegraded =
      1,  ///< Works, with a risk or a soft failure (slow, missing part).
  kStarting = 2,  ///< Coming up (loading a model, starting).
  kDown = 3,      ///< Does not work.
  kBlocked = 4,   ///< Not run: a dependency is down (set by the host).
  kError = 5,     ///< The probe itself failed (plugin bug, bad result).
};

/// Number of states; iterate 0..kStateCount-1 to enumerate them.
inline constexpr int kStateCount = 6;

/// Lower-case name of a state as used in metrics and JSON ("up", "down", ...).
inline constexpr std::string_view StateName(State state) {
  switch (state) {
    case State::kUp:
      return "up";
    case State::kDegraded:
      return "degraded";
    case State::kStarting:
      return "starting";
    case State::kDown:
      return "down";
    case State::kBlocked:
      return "blocked";
    case State::kError:
      return "error";
  }
  return "error";
}

/// Reasons every plugin may report. A plugin may add a few more of its own by
/// listing them in PluginDescriptor::extra_reasons; anything else is turned
/// into "plugin_error" by the host, so the `reason` label stays bounded.
namespace reason {
inline constexpr const char* kNone = "none";
inline constexpr const char* kRefused = "refused";
inline constexpr const char* kTimeout = "timeout";
inline constexpr const char* kDns = "dns";
inline constexpr const char* kTls = "tls";
inline constexpr const char* kHttpStatus = "http_status";
inline constexpr const char* kBadBody = "bad_body";
inline constexpr const char* kBodyTooLarge = "body_too_large";
inline constexpr const char* kAssertion = "assertion";
inline constexpr const char* kDependency = "dependency";
inline constexpr const char* kNotFound = "not_found";
inline constexpr const char* kPermission = "permission";
inline constexpr const char* kCommandFailed = "command_failed";
inline constexpr const char* kConnection = "connection";
inline constexpr const char* kPluginError = "plugin_error";
inline constexpr const char* kPluginCrash = "plugin_crash";
}  // namespace reason

/// How a sample is exposed to Prometheus.
enum class SampleType : std::uint8_t {
  kGauge = 0,     ///< A value that goes up and down.
  kCounter = 1,   ///< Monotonic; the name must end in "_total".
  kInfo = 2,      ///< Value 1, facts in labels; the name must end in "_info".
  kStateSet = 3,  ///< One sample per state, value 0 or 1 (see AddStateSet).
};

/// Label name -> value. Values must be bounded (no URLs with queries, no
/// error strings): each distinct value is a new time series.
using Labels = std::map<std::string, std::string>;

/// One measured value. `name` is relative to the plugin: the host exposes it
/// as `stackprobe_<plugin>_<name>` and adds the `probe` label. Values are in
/// base units (seconds, bytes, ratios).
struct Sample {
  std::string name;  ///< [a-z_][a-z0-9_]*
  std::string help;  ///< Where the value comes from; one line.
  SampleType type = SampleType::kGauge;
  Labels labels;  ///< Extra labels; "probe" is reserved for the host.
  double value = 0;
};

/// What a probe run returns. Plain data, copied by the host.
struct ProbeResult {
  State state = State::kError;
  std::string reason = reason::kPluginError;  ///< See namespace reason.
  std::string message;  ///< One line for people (logs, status page).
  std::vector<Sample> samples;
  std::string details_json = "{}";  ///< A JSON object for consumers.
};

/// Builds a result with the given state, reason and message.
inline ProbeResult MakeResult(State state, std::string reason_code,
                              std::string message) {
  ProbeResult result;
  result.state = state;
  result.reason = std::move(reason_code);
  result.message = std::move(message);
  return result;
}

/// Appends a gauge.
inline void AddGauge(ProbeResult& result, std::string name, std::string help,
                     double value, Labels labels = {}) {
  result.samples.push_back(Sample{std::move(name), std::move(help),
                                  SampleType::kGauge, std::move(labels),
                                  value});
}

/// Appends a counter (a cumulative value reported by the target).
inline void AddCounter(ProbeResult& result, std::string name, std::string help,
                       double value, Labels labels = {}) {
  result.samples.push_back(Sample{std::move(name), std::move(help),
                                  SampleType::kCounter, std::move(labels),
                                  value});
}

/// Appends an info sample (value 1).
inline void AddInfo(ProbeResult& result, std::string name, std::string help,
                    Labels labels) {
  result.samples.push_back(Sample{std::move(name), std::move(help),
                                  SampleType::kInfo, std::move(labels), 1});
}

/// Appends a StateSet: one sample per entry of `states`, labelled
/// `state_label`=state, value 1 for `current` and 0 for the others.
inline void AddStateSet(ProbeResult& result, const std::string& name,
                        const std::string& help, const std::string& state_label,
                        const std::vector<std::string>& states,
                        const std::string& current, const Labels& labels = {}) {
  for (const auto& state : states) {
    Labels with_state = labels;
    with_state[state_label] = state;
    result.samples.push_back(Sample{name, help, SampleType::kStateSet,
                                    std::move(with_state),
                                    state == current ? 1.0 : 0.0});
  }
}

// ---------------------------------------------------------------------------
// Host services
// ---------------------------------------------------------------------------

/// Severity of a log line written through the host.
enum class LogLevel : std::uint8_t { kDebug, kInfo, kWarning, kError };

/// How an HTTP request failed at the transport level.
enum class HttpError : std::uint8_t {
  kNone = 0,          ///< A response was received (any status).
  kRefused = 1,       ///< Connection refused or reset.
  kTimeout = 2,       ///< A timeout or the deadline expired.
  kDns = 3,           ///< The host name did not resolve.
  kTls = 4,           ///< Handshake or certificate verification failed.
  kBodyTooLarge = 5,  ///< Body exceeded max_body_bytes; body holds the prefix.
  kBadRequest = 6,    ///< The request itself was invalid (bad URL, ...).
  kOther = 7,         ///< Anything else; see error_message.
};

/// An HTTP request made by the host on behalf of a plugin.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Per-request timeout; zero means "until the context's deadline". The
  /// effective timeout is never later than the deadline.
  std::chrono::milliseconds timeout{0};
  bool verify_tls = true;
  std::string ca_file;  ///< PEM bundle; empty uses the system store.
  std::size_t max_body_bytes = 1 << 20;  ///< Body cap in bytes.
  bool follow_redirects = false;
};

/// Per-phase durations in seconds, each measured from the request start.
struct HttpTimings {
  double dns = 0;
  double connect = 0;
  double tls = 0;
  double first_byte = 0;
  double total = 0;
};

/// The answer to an HttpRequest.
struct HttpResponse {
  HttpError error = HttpError::kNone;
  std::string error_message;  ///< Empty when error == kNone.
  long status = 0;            ///< 0 when no response was received.
  std::vector<std::pair<std::string, std::string>>
      headers;  ///< Lower-case names.
  std::string body;
  HttpTimings timings;
  /// Peer certificate expiry (Unix seconds); 0 when not TLS or unknown.
  std::int64_t tls_not_after = 0;
};

/// A command to run directly (execve), never through a shell.
struct CommandRequest {
  std::vector<std::string> argv;  ///< argv[0] is looked up in env's PATH.
  /// Environment as KEY=VALUE. When inherit_env is true these entries are
  /// added to (and override) the host's environment.
  std::vector<std::string> env;
  bool inherit_env = false;
  std::string working_dir;  ///< Empty: the host's working directory.
  std::chrono::milliseconds timeout{0};  ///< Zero: until the deadline.
  std::string stdin_data;
  std::size_t max_output_bytes = 1 << 20;  ///< Cap for stdout and for stderr.
};

/// How a command ended.
struct CommandResult {
  bool started = false;  ///< False: not found or exec failed (see error).
  std::string error;
  int exit_code = -1;   ///< -1 when killed by a signal or not started.
  int term_signal = 0;  ///< Signal number when killed, else 0.
  bool timed_out = false;
  std::string stdout_data;
  std::string stderr_data;
  double duration_seconds = 0;
};

/// Where to open a stream connection: TCP (host, port) or a Unix socket path.
struct ConnectRequest {
  /// Name or numeric IPv4/IPv6 address; empty when unix_path is set. A
  /// numeric address is used as it is; a name is resolved within the
  /// timeout (getaddrinfo on a host thread, abandoned at the timeout).
  std::string host;
  std::uint16_t port = 0;
  std::string unix_path;  ///< Unix domain socket path.
  /// Bounds name resolution and connect together; zero: until the deadline.
  /// Never later than the deadline.
  std::chrono::milliseconds timeout{0};
};

/// A byte stream opened by the host. Owned by the host: valid until Close()
/// or until the Run call that opened it returns. Every call is bounded by
/// the context's deadline. Not thread-safe.
class Connection {
 public:
  /// Sends all of `data`. False (with `error` set) on failure or deadline.
  virtual bool Write(std::string_view data, std::string& error) = 0;
  /// Appends between 1 and `max_bytes` bytes to `out`. False on EOF (error
  /// empty), on failure, or on deadline (error set).
  virtual bool Read(std::string& out, std::size_t max_bytes,
                    std::string& error) = 0;
  /// Closes the connection and releases it; the pointer is invalid after.
  virtual void Close() = 0;

 protected:
  ~Connection() = default;
};

/// A result another probe produced, as the host stored it.
struct ProbeRecord {
  std::string probe;   ///< Configured probe name.
  std::string plugin;  ///< Plugin name.
  Labels labels;       ///< Configured labels.
  bool has_run = false;
  ProbeResult result;
  double finished_at = 0;       ///< Unix seconds of the end of the run.
  double duration_seconds = 0;  ///< Duration of the run.
  std::uint64_t runs = 0;       ///< Completed runs since the probe was created.
};

/// Services the host gives every plugin. Every method may be called from any
/// thread while the plugin call the context was passed to runs, also
/// concurrently; none may be called after that call returned. Deadline,
/// Cancelled and InstanceName only read. Http, HttpMany, RunCommand and
/// Connect (name resolution included) end by the deadline, or earlier at
/// their own timeout, and stop early once Cancelled(); a deadline already
/// passed fails them at once. LatestResult, WriteFileAtomically and Log do
/// not look at the deadline: they are local and short (WriteFileAtomically
/// waits for fsync).
class HostContext {
 public:
  /// The instant by which the current call must return.
  virtual std::chrono::steady_clock::time_point Deadline() const = 0;
  /// True once the host asks the plugin to stop (shutdown, deadline).
  virtual bool Cancelled() const = 0;
  /// Configured name of the probe, action or sink being run.
  virtual const std::string& InstanceName() const = 0;

  /// Performs one HTTP request. Every request opens its own connection and
  /// closes it after the answer, so its timings measure what a new client
  /// gets, and nothing of one request (connection, headers, credentials,
  /// method, body) reaches another; TLS sessions are resumed across
  /// requests.
  virtual HttpResponse Http(const HttpRequest& request) = 0;
  /// Performs several requests concurrently; answers in request order.
  virtual std::vector<HttpResponse> HttpMany(
      const std::vector<HttpRequest>& requests) = 0;
  /// Runs a command by argv with a timeout (never through a shell).
  virtual CommandResult RunCommand(const CommandRequest& request) = 0;
  /// Opens a stream connection; nullptr (with `error` set) on failure.
  /// Concurrent calls are safe; each Connection is for one thread at a time.
  virtual Connection* Connect(const ConnectRequest& request,
                              std::string& error) = 0;
  /// Copies the newest result of the probe named `probe` into `out`.
  /// False when no such probe is configured.
  virtual bool LatestResult(const std::string& probe, ProbeRecord& out) = 0;
  /// Replaces `path` atomically (temp file in the same folder, fsync,
  /// rename). On failure the previous file is left as it was. Concurrent
  /// writers of one path each use their own temp file; the last rename wins.
  virtual bool WriteFileAtomically(const std::string& path,
                                   std::string_view content, std::uint32_t mode,
                                   std::string& error) = 0;
  /// Writes one log line, attributed to this instance.
  virtual void Log(LogLevel level, std::string_view message) = 0;

 protected:
  ~HostContext() = default;
};

/// Context of a probe run.
class ProbeContext : public HostContext {
 protected:
  ~ProbeContext() = default;
};

/// Context of an action run: adds progress reporting and running probes.
class ActionContext : public HostContext {
 public:
  /// Reports one progress line (shown to the user, logged, and forwarded to
  /// systemd as STATUS= when the host runs under systemd).
  virtual void Progress(std::string_view line) = 0;
  /// Names of the configured probes.
  virtual std::vector<std::string> ProbeNames() = 0;
  /// Runs the configured probe `probe` now, waits for it and copies its
  /// result into `out`. False when no such probe is configured. The wait is
  /// bounded by that probe's own timeout, not by this context's deadline.
  virtual bool RunProbeNow(const std::string& probe, ProbeRecord& out) = 0;

 protected:
  ~ActionContext() = default;
};

/// Context of a sink call.
class SinkContext : public HostContext {
 protected:
  ~SinkContext() = default;
};

// ---------------------------------------------------------------------------
// Plugin objects
// ---------------------------------------------------------------------------

/// Base of every plugin object; destroyed through the descriptor's destroy.
class Plugin {
 public:
  virtual ~Plugin() = default;
};

/// Measures one thing. Run is never called concurrently on one object, but
/// different objects of one plugin may run concurrently.
class Probe : public Plugin {
 public:
  virtual ProbeResult Run(ProbeContext& context) = 0;
};

/// What an action run ends with.
struct ActionResult {
  int exit_code = 1;    ///< Process exit code for `stackprobe <action>`.
  std::string summary;  ///< One line, or a short table, for people.
  std::string details_json = "{}";
};

/// Does something (the starter). `args` are the command-line arguments
/// after the action name.
class Action : public Plugin {
 public:
  virtual ActionResult Run(ActionContext& context,
                           const std::vector<std::string>& args) = 0;
};

/// Every result of every probe at one moment.
struct Snapshot {
  std::uint64_t generation = 0;  ///< Increases with every new snapshot.
  double taken_at = 0;           ///< Unix seconds.
  std::vector<ProbeRecord> probes;
};

/// Consumes snapshots (the legacy ai_metrics.json writer). Consume is called
/// from one host thread at a time, with the newest snapshot; snapshots that
/// arrive while it runs are coalesced.
class Sink : public Plugin {
 public:
  virtual void Consume(SinkContext& context, const Snapshot& snapshot) = 0;
};

/// Kind of a plugin.
enum class PluginKind : std::uint32_t { kProbe = 1, kAction = 2, kSink = 3 };

/// The fixed-layout descriptor. Field order is part of the ABI.
struct PluginDescriptor {
  std::uint32_t abi_version;  ///< Always first; equals kAbiVersion.
  const char* toolchain_id;   ///< STACKPROBE_TOOLCHAIN_ID.
  /// [a-z][a-z0-9_]{0,63}; the file must be named <name>.so. No lib prefix
  /// is stripped: libfoo.so is refused unless it calls itself "libfoo".
  const char* name;
  const char* version;      ///< The plugin's own version.
  const char* description;  ///< One line.
  /// JSON Schema (text) of the config object. Besides the validating
  /// keywords, two `format` values tell the host how a GET
  /// /probe?probe=NAME&target=URL (probes configured with allow_target)
  /// may use a copy of the config:
  ///  - "target-url" marks the one top-level string property that the
  ///    target replaces (the URL the probe asks). At most one; a probe
  ///    without it takes no target.
  ///  - "secret" marks every property that carries or names a credential
  ///    (headers, API keys, tokens, password files). When the target's
  ///    origin (scheme, host, port) differs from the configured URL's, the
  ///    host removes these from the copy before create, so their schema
  ///    defaults apply; the configured URL's userinfo never goes along
  ///    (the whole URL is replaced).
  /// Other formats the host does not know are ignored by validation.
  const char* config_schema;
  PluginKind kind;
  /// Reasons beyond namespace reason this plugin may report; nullptr-ended.
  const char* const* extra_reasons;
  /// Create from the config object (JSON text, already validated against
  /// config_schema with defaults filled in). On failure return nullptr and
  /// set `error` (a path inside the config, then what is wrong).
  Plugin* (*create)(const std::string& config_json,
                    std::string& error) noexcept;
  /// Destroy an object returned by create.
  void (*destroy)(Plugin* plugin) noexcept;
};

/// Signature of the exported entry symbol.
using PluginEntryFunction = const PluginDescriptor* (*)();

namespace detail {
template <typename T>
Plugin* CreatePlugin(const std::string& config_json,
                     std::string& error) noexcept {
  try {
    return new T(config_json);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception in create";
  }
  return nullptr;
}

inline void DestroyPlugin(Plugin* plugin) noexcept { delete plugin; }

template <typename T>
constexpr PluginKind KindOf() {
  if constexpr (std::is_base_of_v<Probe, T>) {
    return PluginKind::kProbe;
  } else if constexpr (std::is_base_of_v<Action, T>) {
    return PluginKind::kAction;
  } else {
    static_assert(std::is_base_of_v<Sink, T>,
                  "a plugin class derives from Probe, Action or Sink");
    return PluginKind::kSink;
  }
}
}  // namespace detail

}  // namespace stackprobe

/// Defines the entry symbol for plugin class CLASS, which derives from
/// stackprobe::Probe, Action or Sink and has a constructor taking the config
/// JSON text (`explicit CLASS(const std::string& config_json)`) that throws
/// std::exception with a "path: what is wrong" message on a bad config.
/// EXTRA_REASONS is a nullptr-ended `const char* const[]` or nullptr.
#define STACKPROBE_PLUGIN(CLASS, NAME, VERSION, DESCRIPTION, SCHEMA, \
                          EXTRA_REASONS)                             \
  extern "C" __attribute__((visibility("default")))                  \
  const ::stackprobe::PluginDescriptor*                              \
  stackprobe_plugin_entry() {                                        \
    static const ::stackprobe::PluginDescriptor descriptor{          \
        ::stackprobe::kAbiVersion,                                   \
        STACKPROBE_TOOLCHAIN_ID,                                     \
        NAME,                                                        \
        VERSION,                                                     \
        DESCRIPTION,                                                 \
        SCHEMA,                                                      \
        ::stackprobe::detail::KindOf<CLASS>(),                       \
        EXTRA_REASONS,                                               \
        &::stackprobe::detail::CreatePlugin<CLASS>,                  \
        &::stackprobe::detail::DestroyPlugin};                       \
    return &descriptor;                                              \
  }

#endif  // STACKPROBE_PLUGIN_H_
