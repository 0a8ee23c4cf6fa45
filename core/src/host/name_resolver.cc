// SPDX-License-Identifier: Apache-2.0
#include "host/name_resolver.h"

#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

namespace stackprobe::host {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kCancelSlice = std::chrono::milliseconds(50);

// A lookup shared by the waiting caller and the thread running it; whoever
// lets go last frees it.
struct Lookup {
  Lookup() = default;
  Lookup(const Lookup&) = delete;
  Lookup& operator=(const Lookup&) = delete;
  ~Lookup() {
    if (result != nullptr) ::freeaddrinfo(result);
  }
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;  // guarded by mutex, with status and result
  int status = 0;
  addrinfo* result = nullptr;
};

void Collect(const addrinfo* list, std::vector<StreamAddress>& out) {
  for (const addrinfo* item = list; item != nullptr; item = item->ai_next) {
    if (item->ai_addrlen > sizeof(sockaddr_storage)) continue;
    StreamAddress address;
    address.family = item->ai_family;
    address.socket_type = item->ai_socktype;
    address.protocol = item->ai_protocol;
    std::memcpy(&address.address, item->ai_addr, item->ai_addrlen);
    address.length = item->ai_addrlen;
    out.push_back(address);
  }
}

}  // namespace

bool ResolveStream(const std::string& host, std::uint16_t port,
                   Clock::time_point deadline,
                   const std::atomic<bool>* cancelled,
                   std::vector<StreamAddress>& out, std::string& error,
                   LookupFunction lookup) {
  const std::string service = std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  // With AI_NUMERICHOST getaddrinfo only parses: it never asks a server.
  addrinfo* numeric = nullptr;
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &numeric) == 0) {
    Collect(numeric, out);
    ::freeaddrinfo(numeric);
    return true;
  }

  hints.ai_flags = AI_NUMERICSERV;
  auto state = std::make_shared<Lookup>();
  try {
    std::thread([state, host, service, hints, lookup] {
      addrinfo* result = nullptr;
      const int status = lookup(host.c_str(), service.c_str(), &hints, &result);
      std::lock_guard<std::mutex> lock(state->mutex);
      state->status = status;
      state->result = result;
      state->done = true;
      state->finished.notify_all();
    }).detach();
  } catch (const std::system_error& e) {
    error = "resolve " + host + ": " + e.what();
    return false;
  }
  std::unique_lock<std::mutex> lock(state->mutex);
  while (!state->done) {
    if (cancelled != nullptr && cancelled->load()) {
      error = "resolve " + host + ": cancelled";
      return false;
    }
    const auto now = Clock::now();
    if (now >= deadline) {
      error = "resolve " + host + ": deadline passed";
      return false;
    }
    const auto until = cancelled == nullptr
                           ? deadline
                           : std::min(deadline, now + kCancelSlice);
    state->finished.wait_until(lock, until);
  }
  if (state->status != 0) {
    error = "resolve " + host + ": " + ::gai_strerror(state->status);
    return false;
  }
  Collect(state->result, out);
  return true;
}

}  // namespace stackprobe::host
