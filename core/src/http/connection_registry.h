// SPDX-License-Identifier: Apache-2.0
//
// Who holds the server's connection slots, so that no client can hold them
// all: each client address may hold a share of them, and when the slots run
// out the connection that has waited longest without finishing a request
// (idle keep-alive, a slow handshake, header or body) makes room for the new
// one. Connections busy with a handler or a response are never chosen.
#ifndef STACKPROBE_HTTP_CONNECTION_REGISTRY_H_
#define STACKPROBE_HTTP_CONNECTION_REGISTRY_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace stackprobe::http {

class ConnectionRegistry;

/// One admitted connection's place in the registry; the connection owns it.
/// Releasing it (destruction) frees the slot. Thread-safe.
class ConnectionSlot {
 public:
  ~ConnectionSlot();
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

  /// The connection waits for (the rest of) a request from now on: it may be
  /// closed to make room. A new connection starts waiting.
  void Waiting();
  /// The connection runs a handler or writes a response: it is kept.
  void Busy();

 private:
  friend class ConnectionRegistry;
  struct Entry;
  ConnectionSlot(ConnectionRegistry& registry, std::list<Entry>::iterator at);

  ConnectionRegistry& registry_;
  std::list<Entry>::iterator at_;  // Valid while listed; guarded by mutex_.
  bool listed_ = true;             // Guarded by the registry's mutex_.
};

/// The open connections of one server. Thread-safe.
class ConnectionRegistry {
 public:
  /// Closes a connection that was chosen to make room (the call posts the
  /// close to the connection's own thread; it must not block).
  using Evict = std::function<void()>;
  using Clock = std::chrono::steady_clock;

  /// At most `max_total` connections, at most `max_per_client` of them from
  /// one client address.
  ConnectionRegistry(std::size_t max_total, std::size_t max_per_client);

  /// Admits a connection from `client`. When its client already holds
  /// `max_per_client`, that client's longest-waiting connection goes; else,
  /// when `max_total` are open, the longest-waiting connection of all goes.
  /// Returns null (admit nothing) when the one that would have to go is
  /// busy; otherwise the slot, with the evicted connections' callbacks
  /// appended to `evictions` for the caller to run outside any lock.
  std::unique_ptr<ConnectionSlot> Admit(const std::string& client, Evict evict,
                                        std::vector<Evict>& evictions);

  /// Connections listed now (evicted ones are no longer listed).
  std::size_t Size() const;

 private:
  friend class ConnectionSlot;
  using Entry = ConnectionSlot::Entry;
  using Iterator = std::list<Entry>::iterator;

  // The longest-waiting entry (of `client` when not null); end() when none.
  Iterator LongestWaiting(const std::string* client);
  void Unlist(Iterator at);

  const std::size_t max_total_;
  const std::size_t max_per_client_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;                                 // Guarded.
  std::unordered_map<std::string, std::size_t> per_client_;  // Guarded.
};

struct ConnectionSlot::Entry {
  std::string client;
  ConnectionSlot* slot = nullptr;
  bool waiting = true;
  ConnectionRegistry::Clock::time_point since;
  ConnectionRegistry::Evict evict;
};

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_CONNECTION_REGISTRY_H_
