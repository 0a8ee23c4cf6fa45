// SPDX-License-Identifier: Apache-2.0
#include "http/tests/test_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "http/listen_address.h"

namespace stackprobe::http::testing {
namespace {

size_t CollectBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* out) {
  auto* result = static_cast<HttpResult*>(out);
  const std::string_view line(data, size * count);
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
    value.remove_suffix(1);
  }
  result->headers.emplace_back(std::move(name), std::string(value));
  return size * count;
}

void InitCurlOnce() {
  // curl_global_init is not thread-safe; a magic static makes it so.
  static const bool initialised = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)initialised;
}

}  // namespace

std::string HttpResult::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

bool HttpResult::Has(std::string_view lower_name) const {
  for (const auto& header : headers) {
    if (header.first == lower_name) return true;
  }
  return false;
}

HttpClient::HttpClient() {
  InitCurlOnce();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::Fetch(const std::string& url, const std::string& method,
                             const std::vector<std::string>& headers,
                             const std::string& body) {
  CURL* curl = static_cast<CURL*>(curl_);
  HttpResult result;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // Forgets a previous POST.
  if (!body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(
      curl, CURLOPT_CUSTOMREQUEST,
      method == "GET" || method == "HEAD" ? nullptr : method.c_str());
  curl_slist* list = nullptr;
  for (const std::string& header : headers) {
    list = curl_slist_append(list, header.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  result.seconds = SecondsSince(start);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(list);
  if (code != CURLE_OK) {
    result.error = curl_easy_strerror(code);
    return result;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

HttpResult Fetch(const std::string& url, const std::string& method,
                 const std::vector<std::string>& headers,
                 const std::string& body) {
  HttpClient client;
  return client.Fetch(url, method, headers, body);
}

RawClient::RawClient(const std::string& host_port,
                     const std::string& source_ipv4) {
  const ListenAddress address = ParseListenAddress(host_port);
  const bool v6 = address.host.find(':') != std::string::npos;
  fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (!v6 && !source_ipv4.empty()) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    inet_pton(AF_INET, source_ipv4.c_str(), &source.sin_addr);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof(source)),
              0)
        << "bind to " << source_ipv4 << ": " << std::strerror(errno);
  }
  int result = -1;
  if (v6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(address.port);
    inet_pton(AF_INET6, address.host.c_str(), &sa.sin6_addr);
    result = ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(address.port);
    inet_pton(AF_INET, address.host.c_str(), &sa.sin_addr);
    result = ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
  }
  EXPECT_EQ(result, 0) << "connect to " << host_port << ": "
                       << std::strerror(errno);
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawClient::Send(std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool RawClient::ReadSome(std::chrono::milliseconds timeout) {
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char chunk[16384];
  const ssize_t got = ::recv(fd_, chunk, sizeof(chunk), 0);
  if (got <= 0) {
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(got));
  return true;
}

std::string RawClient::ReadUntilClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    ReadSome(left);
  }
  return std::exchange(buffer_, {});
}

std::string RawClient::ReadResponse(std::chrono::milliseconds timeout,
                                    bool head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::size_t end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      std::string lower = buffer_.substr(0, end);
      for (char& c : lower) c = static_cast<char>(std::tolower(c));
      const std::size_t at = lower.find("\r\ncontent-length:");
      if (at != std::string::npos && !head) {
        length = std::stoul(lower.substr(at + 17));
      }
      const std::size_t total = end + 4 + length;
      if (buffer_.size() >= total) {
        std::string response = buffer_.substr(0, total);
        buffer_.erase(0, total);
        return response;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || closed_) return {};
    ReadSome(left);
  }
}

bool RawClient::WaitClosed(std::chrono::milliseconds timeout) {
  ReadUntilClose(timeout);
  return closed_;
}

TestServer::TestServer(Router router, ServerOptions options) {
  if (options.listen == ServerOptions{}.listen)
    options.listen = {"127.0.0.1:0"};
  server_ = std::make_unique<Server>(std::move(options), std::move(router));
  server_->Start();
}

TestServer::~TestServer() { server_->Stop(); }

std::string TestServer::Url(std::string_view path) const {
  return "http://" + server_->BoundAddresses().at(0) + std::string(path);
}

std::string Gunzip(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    throw std::runtime_error("inflateInit2 failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - stream.avail_out);
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("not a gzip stream");
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

std::size_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stoul(line.substr(6)) * 1024;  // "VmRSS:  21344 kB"
    }
  }
  return 0;
}

}  // namespace stackprobe::http::testing
