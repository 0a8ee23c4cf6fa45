// SPDX-License-Identifier: Apache-2.0
#include "promtool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <vector>

extern char** environ;

namespace stackprobe::expose::testing {
namespace {

std::string FindOnPath(std::string_view program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    std::string candidate(dirs.substr(0, colon));
    if (!candidate.empty()) {
      candidate.append("/").append(program);
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) return {};
    dirs.remove_prefix(colon + 1);
  }
}

}  // namespace

PromtoolResult CheckMetrics(const std::string& exposition) {
  PromtoolResult result;
  const std::string promtool = FindOnPath("promtool");
  if (promtool.empty()) {
    result.error =
        "promtool not found on PATH: install the Debian package "
        "`prometheus` (CI installs it)";
    return result;
  }
  result.found = true;
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.error = "pipe failed";
    return result;
  }
  std::vector<std::string> args = {promtool, "check", "metrics"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(out_pipe[1], 2);
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  // Write and read together so neither side blocks on a full pipe.
  ::fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool out_open = true;
  while (out_open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      result.error = "promtool did not finish within 30 s";
      break;
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    const nfds_t count = in_fd >= 0 ? 2 : 1;
    if (::poll(fds, count, static_cast<int>(left.count())) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(in_fd, exposition.data() + written,
                                exposition.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == exposition.size()) {
        ::close(in_fd);
        in_fd = -1;
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[4096];
      const ssize_t n = ::read(out_pipe[0], buffer, sizeof(buffer));
      if (n <= 0) {
        out_open = false;
      } else {
        result.output.append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  ::close(out_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace stackprobe::expose::testing
