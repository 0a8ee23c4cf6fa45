// SPDX-License-Identifier: Apache-2.0
#include "isolate/supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "isolate/frame.h"
#include "isolate/protocol.h"

extern char** environ;

namespace stackprobe::isolate {
namespace {

using Clock = std::chrono::steady_clock;

// Worker's end of the socket pair, as seen by the worker.
constexpr int kWorkerFd = 3;

std::string CrashMessage(int status, pid_t pid) {
  const std::string who =
      "the plugin's worker process (pid " + std::to_string(pid) + ")";
  if (WIFSIGNALED(status)) {
    return "the plugin crashed: " + who + " was killed by " +
           SignalName(WTERMSIG(status)) +
           "; a new worker starts on the next run";
  }
  if (WIFEXITED(status)) {
    return "the plugin crashed: " + who + " exited with code " +
           std::to_string(WEXITSTATUS(status)) +
           " during a run; a new worker starts on the next run";
  }
  return "the plugin crashed: " + who + " ended during a run";
}

}  // namespace

std::string SignalName(int signal_number) {
  if (const char* abbrev = ::sigabbrev_np(signal_number)) {
    return std::string("SIG") + abbrev;
  }
  return "signal " + std::to_string(signal_number);
}

ProbeSupervisor::ProbeSupervisor(SupervisorOptions options)
    : options_(std::move(options)) {
  if (options_.worker_executable.empty()) {
    options_.worker_executable = "/proc/self/exe";
  }
  if (options_.worker_args.empty()) {
    // The worker logs at the daemon's level (spdlog says "warn"; the CLI
    // takes "warning").
    const auto level = spdlog::level::to_string_view(spdlog::get_level());
    const std::string name(level.data(), level.size());
    if (name == "debug" || name == "info" || name == "error") {
      options_.worker_args = {"--log-level", name};
    } else if (name == "warn") {
      options_.worker_args = {"--log-level", "warning"};
    }
  }
}

ProbeSupervisor::~ProbeSupervisor() {
  std::lock_guard<std::mutex> lock(mutex_);
  StopWorker(std::chrono::milliseconds(0));
}

pid_t ProbeSupervisor::WorkerPid() const { return pid_.load(); }

std::uint64_t ProbeSupervisor::WorkersStarted() const {
  return started_.load();
}

bool ProbeSupervisor::StartWorker(std::string& error) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    error = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  // dup2 onto the same number would keep close-on-exec set.
  if (pair[1] == kWorkerFd) {
    const int moved = ::fcntl(pair[1], F_DUPFD_CLOEXEC, kWorkerFd + 1);
    ::close(pair[1]);
    pair[1] = moved;
  }
  std::vector<std::string> args{options_.worker_executable};
  args.insert(args.end(), options_.worker_args.begin(),
              options_.worker_args.end());
  args.insert(args.end(), {"worker", "--fd", std::to_string(kWorkerFd),
                           "--parent-pid", std::to_string(::getpid())});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pair[1], kWorkerFd);
  // Whatever a plugin prints goes to the daemon's log stream, never into
  // the protocol.
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attributes, &empty);  // the daemon blocks some
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal_number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) {
    sigaddset(&defaults, signal_number);
  }
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int spawned =
      ::posix_spawn(&pid, options_.worker_executable.c_str(), &actions,
                    &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pair[1]);
  if (spawned != 0) {
    ::close(pair[0]);
    error = "cannot start the worker " + options_.worker_executable + ": " +
            std::strerror(spawned);
    return false;
  }
  pid_ = pid;
  fd_ = pair[0];
  ++started_;
  spdlog::debug("event=worker_started probe={} pid={}", options_.instance, pid);
  return true;
}

int ProbeSupervisor::StopWorker(std::chrono::milliseconds wait) {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (pid_ < 0) {
    return 0;
  }
  int status = 0;
  const auto until = Clock::now() + wait;
  pid_t reaped = 0;
  // A worker whose socket closed is usually already dying; give it a moment
  // to end by itself so its own signal is what we report.
  const pid_t pid = pid_.load();
  while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (reaped == 0) {
    ::kill(pid, SIGKILL);
    while ((reaped = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  return status;
}

ProbeResult ProbeSupervisor::Run(Clock::time_point deadline,
                                 const std::atomic<bool>* cancelled) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto limit = deadline + options_.grace;
  RunRequest request{options_.plugin_path, options_.plugin, options_.instance,
                     options_.config_json,
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         deadline - Clock::now())};
  std::string payload;
  try {
    payload = EncodeRunRequest(request);
  } catch (const std::exception& e) {
    return MakeResult(
        State::kError, reason::kPluginError,
        std::string("cannot encode the worker request: ") + e.what());
  }
  std::string error;
  // A worker that died between runs is replaced once before giving up.
  FrameStatus sent = FrameStatus::kEof;
  for (int attempt = 0; attempt < 2 && sent == FrameStatus::kEof; ++attempt) {
    if (pid_ < 0 && !StartWorker(error)) {
      return MakeResult(State::kError, reason::kPluginError, error);
    }
    sent = WriteFrame(fd_, payload, limit, error);
    if (sent == FrameStatus::kEof) {
      const pid_t pid = pid_.load();
      const int status = StopWorker(std::chrono::milliseconds(200));
      spdlog::warn("event=worker_lost probe={} message=\"{}\"",
                   options_.instance, CrashMessage(status, pid));
    }
  }
  FrameStatus status = sent;
  std::string answer;
  if (sent == FrameStatus::kOk) {
    status = ReadFrame(fd_, answer, limit, cancelled, error);
  }
  const pid_t pid = pid_.load();
  switch (status) {
    case FrameStatus::kOk: {
      ProbeResult result;
      if (DecodeResult(answer, result, error)) {
        return result;
      }
      StopWorker(std::chrono::milliseconds(0));
      return MakeResult(State::kError, reason::kPluginError,
                        "the worker answered garbage: " + error);
    }
    case FrameStatus::kEof: {
      const int wait_status = StopWorker(std::chrono::milliseconds(2000));
      return MakeResult(State::kError, reason::kPluginCrash,
                        CrashMessage(wait_status, pid));
    }
    case FrameStatus::kTimeout:
      StopWorker(std::chrono::milliseconds(0));
      return MakeResult(
          State::kError, reason::kTimeout,
          "the plugin did not return within its timeout plus " +
              std::to_string(options_.grace.count()) +
              " ms; its worker was killed and a new one starts on the next "
              "run");
    case FrameStatus::kCancelled:
      StopWorker(std::chrono::milliseconds(0));
      return MakeResult(State::kError, reason::kTimeout,
                        "the run was cancelled; its worker was killed");
    case FrameStatus::kError:
      break;
  }
  StopWorker(std::chrono::milliseconds(0));
  return MakeResult(State::kError, reason::kPluginError,
                    "lost the worker: " + error);
}

}  // namespace stackprobe::isolate
