// SPDX-License-Identifier: Apache-2.0
#include "http/connection_registry.h"

#include <utility>

namespace stackprobe::http {

ConnectionSlot::ConnectionSlot(ConnectionRegistry& registry,
                               std::list<Entry>::iterator at)
    : registry_(registry), at_(at) {}

ConnectionSlot::~ConnectionSlot() {
  std::lock_guard lock(registry_.mutex_);
  if (listed_) registry_.Unlist(at_);
}

void ConnectionSlot::Waiting() {
  std::lock_guard lock(registry_.mutex_);
  if (!listed_) return;
  at_->waiting = true;
  at_->since = ConnectionRegistry::Clock::now();
}

void ConnectionSlot::Busy() {
  std::lock_guard lock(registry_.mutex_);
  if (listed_) at_->waiting = false;
}

ConnectionRegistry::ConnectionRegistry(std::size_t max_total,
                                       std::size_t max_per_client)
    : max_total_(max_total), max_per_client_(max_per_client) {}

std::unique_ptr<ConnectionSlot> ConnectionRegistry::Admit(
    const std::string& client, Evict evict, std::vector<Evict>& evictions) {
  std::lock_guard lock(mutex_);
  if (max_total_ == 0 || max_per_client_ == 0) return nullptr;
  const auto held = per_client_.find(client);
  const bool client_full =
      held != per_client_.end() && held->second >= max_per_client_;
  if (client_full || entries_.size() >= max_total_) {
    const Iterator victim = LongestWaiting(client_full ? &client : nullptr);
    if (victim == entries_.end()) return nullptr;
    evictions.push_back(std::move(victim->evict));
    victim->slot->listed_ = false;
    Unlist(victim);
  }
  entries_.push_back(
      Entry{client, nullptr, true, Clock::now(), std::move(evict)});
  ++per_client_[client];
  const Iterator at = std::prev(entries_.end());
  std::unique_ptr<ConnectionSlot> slot(new ConnectionSlot(*this, at));
  at->slot = slot.get();
  return slot;
}

std::size_t ConnectionRegistry::Size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

ConnectionRegistry::Iterator ConnectionRegistry::LongestWaiting(
    const std::string* client) {
  Iterator best = entries_.end();
  for (Iterator it = entries_.begin(); it != entries_.end(); ++it) {
    if (!it->waiting || (client != nullptr && it->client != *client)) continue;
    if (best == entries_.end() || it->since < best->since) best = it;
  }
  return best;
}

void ConnectionRegistry::Unlist(Iterator at) {
  const auto held = per_client_.find(at->client);
  if (held != per_client_.end() && --held->second == 0) {
    per_client_.erase(held);
  }
  entries_.erase(at);
}

}  // namespace stackprobe::http
