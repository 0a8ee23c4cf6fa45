// SPDX-License-Identifier: Apache-2.0
#include "daemon_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "host/command_runner.h"
#include "host/http_client.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;

const host::HttpClient& Client() {
  static const host::HttpClient client;
  return client;
}

}  // namespace

std::uint16_t FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TempDir::TempDir() {
  char pattern[] = "/tmp/stackprobe-test-XXXXXX";
  path_ = mkdtemp(pattern);
  chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name,
                           const std::string& content) const {
  const std::string full = path_ + "/" + name;
  std::filesystem::create_directories(
      std::filesystem::path(full).parent_path());
  std::ofstream(full, std::ios::binary | std::ios::trunc) << content;
  return full;
}

CommandOutcome RunToCompletion(const std::vector<std::string>& argv,
                               std::chrono::milliseconds timeout,
                               const std::string& stdin_data) {
  CommandRequest request;
  request.argv = argv;
  request.inherit_env = true;
  request.timeout = timeout;
  request.stdin_data = stdin_data;
  request.max_output_bytes = 16 << 20;
  const auto result = host::RunCommand(
      request, Clock::now() + timeout + std::chrono::seconds(1));
  CommandOutcome outcome;
  outcome.exit_code = result.started ? result.exit_code : -1;
  outcome.out = result.stdout_data;
  outcome.err = result.started ? result.stderr_data : result.error;
  return outcome;
}

DaemonProcess::DaemonProcess(const std::string& binary,
                             const std::vector<std::string>& args,
                             std::uint16_t port)
    : port_(port) {
  char pattern[] = "/tmp/stackprobe-daemon-log-XXXXXX";
  const int log_fd = mkstemp(pattern);
  log_path_ = pattern;
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(log_fd);
  const auto deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;  // exited early: ready_ stays false, Log() tells why
    }
    const auto response = Request("GET", "/-/ready");
    if (response.status == 200) {
      ready_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::remove(log_path_.c_str());
}

std::string DaemonProcess::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

HttpResponse DaemonProcess::Request(
    const std::string& method, const std::string& path,
    std::vector<std::pair<std::string, std::string>> headers) const {
  HttpRequest request;
  request.method = method;
  request.url = BaseUrl() + path;
  request.headers = std::move(headers);
  request.timeout = std::chrono::seconds(10);
  request.max_body_bytes = 64 << 20;
  return Client().Perform(request, Clock::now() + std::chrono::seconds(10));
}

void DaemonProcess::Signal(int signal_number) const {
  if (pid_ > 0) kill(pid_, signal_number);
}

int DaemonProcess::Terminate(std::chrono::milliseconds limit,
                             std::chrono::milliseconds* took) {
  if (pid_ <= 0) return -1;
  const auto start = Clock::now();
  kill(pid_, SIGTERM);
  int status = 0;
  while (Clock::now() - start < limit) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (took != nullptr) {
        *took = std::chrono::duration_cast<std::chrono::milliseconds>(
            Clock::now() - start);
      }
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (took != nullptr) *took = limit;
  return -1;
}

std::string DaemonProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool DaemonProcess::WaitForMetric(const std::string& needle,
                                  std::chrono::milliseconds limit) const {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (Request("GET", "/metrics").body.find(needle) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace stackprobe::testing
