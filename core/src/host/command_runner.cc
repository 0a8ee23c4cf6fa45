// SPDX-License-Identifier: Apache-2.0
#include "host/command_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace stackprobe::host {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kKillGrace = std::chrono::seconds(1);
// After the command exits, output still held open by a background child it
// left behind is read for at most this long.
constexpr auto kDrainAfterExit = std::chrono::milliseconds(200);
// Poll slice when there is no pidfd or a cancellation flag to watch.
constexpr int kSliceMs = 50;

// Closes an fd on scope exit unless released.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Blocks SIGPIPE in this thread while stdin is written (a child that closes
// its stdin early must not kill the host) and discards a pending one.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      timespec zero{};
      while (sigtimedwait(&pipe_set_, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_set_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

std::string DefaultSearchPath() {
  std::size_t length = confstr(_CS_PATH, nullptr, 0);
  if (length == 0) return "/bin:/usr/bin";
  std::string path(length, '\0');
  confstr(_CS_PATH, path.data(), length);
  path.resize(length - 1);
  return path;
}

// A pipe end for reading one output stream, with its cap.
struct OutputStream {
  Fd fd;
  std::string* data = nullptr;
  std::size_t cap = 0;
  bool open = true;
};

void ReadAvailable(OutputStream& stream) {
  char buffer[65536];
  for (;;) {
    ssize_t got = ::read(stream.fd.get(), buffer, sizeof buffer);
    if (got > 0) {
      std::size_t room = stream.cap - std::min(stream.cap, stream.data->size());
      stream.data->append(buffer,
                          std::min(room, static_cast<std::size_t>(got)));
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    stream.open = false;  // EOF or a hard error.
    stream.fd.Reset();
    return;
  }
}

int MillisUntil(Clock::time_point when) {
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(when - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

bool ChildExited(pid_t pid) {
  siginfo_t info{};
  // WNOWAIT leaves the zombie, so the pid (and the group id) stay reserved
  // until we reap it: killing the group is safe until then.
  if (waitid(P_PID, static_cast<id_t>(pid), &info,
             WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

}  // namespace

std::string FindInPath(const std::string& name,
                       const std::string& search_path) {
  std::size_t start = 0;
  while (start <= search_path.size()) {
    std::size_t end = search_path.find(':', start);
    if (end == std::string::npos) end = search_path.size();
    std::string folder = search_path.substr(start, end - start);
    start = end + 1;
    if (folder.empty() || folder.front() != '/') continue;
    std::string candidate = folder + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return "";
}

std::vector<std::string> ChildEnvironment(const CommandRequest& request) {
  std::vector<std::string> order;
  std::map<std::string, std::string> entries;
  auto add = [&](const std::string& entry) {
    std::string key = entry.substr(0, entry.find('='));
    auto [it, inserted] = entries.insert_or_assign(key, entry);
    if (inserted) order.push_back(key);
  };
  if (request.inherit_env) {
    for (char** item = environ; item != nullptr && *item != nullptr; ++item) {
      add(*item);
    }
  }
  for (const auto& entry : request.env) add(entry);
  std::vector<std::string> out;
  out.reserve(order.size());
  for (const auto& key : order) out.push_back(entries[key]);
  return out;
}

CommandResult RunCommand(const CommandRequest& request,
                         Clock::time_point deadline,
                         const std::atomic<bool>* cancelled) {
  CommandResult result;
  if (request.argv.empty() || request.argv.front().empty()) {
    result.error = "empty argv";
    return result;
  }
  std::vector<std::string> env = ChildEnvironment(request);
  const std::string& name = request.argv.front();
  std::string program = name;
  if (name.find('/') == std::string::npos) {
    std::string search_path;
    bool has_path = false;
    for (const auto& entry : env) {
      if (entry.starts_with("PATH=")) {
        search_path = entry.substr(5);
        has_path = true;
      }
    }
    if (!has_path) search_path = DefaultSearchPath();
    program = FindInPath(name, search_path);
    if (program.empty()) {
      result.error = name + ": not found in PATH " + search_path;
      return result;
    }
  }

  Clock::time_point end = deadline;
  if (request.timeout.count() > 0) {
    end = std::min(end, Clock::now() + request.timeout);
  }
  if (cancelled != nullptr && cancelled->load()) {
    result.error = "cancelled";
    return result;
  }
  if (Clock::now() >= end) {
    result.error = "deadline passed before the command started";
    result.timed_out = true;
    return result;
  }

  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  Fd in_read(in_pipe[0]), in_write(in_pipe[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  std::vector<char*> argv_pointers;
  for (const auto& arg : request.argv) {
    argv_pointers.push_back(const_cast<char*>(arg.c_str()));
  }
  argv_pointers.push_back(nullptr);
  std::vector<char*> env_pointers;
  for (const auto& entry : env) {
    env_pointers.push_back(const_cast<char*>(entry.c_str()));
  }
  env_pointers.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
  if (!request.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, request.working_dir.c_str());
  }
  // Other threads may open fds without O_CLOEXEC: close everything above 2.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals, all_signals;
  sigemptyset(&no_signals);
  sigfillset(&all_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &all_signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(
      &attributes,
      static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                         POSIX_SPAWN_SETSIGDEF));
  pid_t pid = -1;
  Clock::time_point started_at = Clock::now();
  int spawn_error = posix_spawn(&pid, program.c_str(), &actions, &attributes,
                                argv_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    result.error = "cannot run " + program;
    if (!request.working_dir.empty()) {
      result.error += " in " + request.working_dir;
    }
    result.error += std::string(": ") + std::strerror(spawn_error);
    return result;
  }
  result.started = true;
  in_read.Reset();
  out_write.Reset();
  err_write.Reset();

  Fd pid_fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  OutputStream streams[2];
  streams[0].fd.Reset(out_read.Release());
  streams[1].fd.Reset(err_read.Release());
  streams[0].data = &result.stdout_data;
  streams[1].data = &result.stderr_data;
  for (auto& stream : streams) {
    stream.cap = request.max_output_bytes;
    ::fcntl(stream.fd.get(), F_SETFL, O_NONBLOCK);
  }
  std::string_view pending_input = request.stdin_data;
  if (pending_input.empty()) {
    in_write.Reset();
  } else {
    ::fcntl(in_write.get(), F_SETFL, O_NONBLOCK);
  }

  SigpipeBlock sigpipe_block;
  bool exited = false;
  bool terminated = false;
  bool killed = false;
  Clock::time_point kill_at{};
  Clock::time_point drain_until{};
  for (;;) {
    Clock::time_point now = Clock::now();
    if (!exited && ChildExited(pid)) {
      exited = true;
      drain_until = now + kDrainAfterExit;
    }
    bool outputs_open = streams[0].open || streams[1].open;
    if (exited && (!outputs_open || now >= drain_until)) break;
    bool stop_requested = cancelled != nullptr && cancelled->load();
    if (!exited && !terminated && (now >= end || stop_requested)) {
      terminated = true;
      result.timed_out = now >= end;
      if (!result.timed_out) result.error = "cancelled";
      ::kill(-pid, SIGTERM);
      kill_at = now + kKillGrace;
    }
    if (!exited && terminated && !killed && now >= kill_at) {
      killed = true;
      ::kill(-pid, SIGKILL);
    }

    std::vector<pollfd> fds;
    for (auto& stream : streams) {
      if (stream.open) fds.push_back({stream.fd.get(), POLLIN, 0});
    }
    if (in_write.get() >= 0) fds.push_back({in_write.get(), POLLOUT, 0});
    if (!exited && pid_fd.get() >= 0) fds.push_back({pid_fd.get(), POLLIN, 0});
    Clock::time_point wake = exited                  ? drain_until
                             : terminated && !killed ? kill_at
                             : terminated
                                 ? now + std::chrono::milliseconds(kSliceMs)
                                 : end;
    int timeout_ms = MillisUntil(wake);
    if (pid_fd.get() < 0 || cancelled != nullptr) {
      timeout_ms = std::min(timeout_ms, kSliceMs);
    }
    int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    for (const pollfd& item : fds) {
      if (item.revents == 0) continue;
      for (auto& stream : streams) {
        if (stream.open && item.fd == stream.fd.get()) ReadAvailable(stream);
      }
      if (item.fd == in_write.get()) {
        ssize_t written =
            ::write(in_write.get(), pending_input.data(), pending_input.size());
        if (written > 0) {
          pending_input.remove_prefix(static_cast<std::size_t>(written));
        }
        if (pending_input.empty() ||
            (written < 0 && errno != EAGAIN && errno != EINTR)) {
          in_write.Reset();  // Done, or the child closed its stdin.
        }
      }
    }
  }
  // A command that exited on its own keeps its background children; after
  // a timeout the whole group goes.
  if (terminated) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.duration_seconds =
      std::chrono::duration<double>(Clock::now() - started_at).count();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
  if (result.timed_out) {
    result.error = "timed out after " +
                   std::to_string(result.duration_seconds).substr(0, 5) + " s";
  }
  return result;
}

}  // namespace stackprobe::host
