// SPDX-License-Identifier: Apache-2.0
//
// HTTP basic authentication (RFC 7617) against bcrypt hashes, as
// exporter-toolkit's basic_auth_users.
#ifndef STACKPROBE_WEB_BASIC_AUTH_H_
#define STACKPROBE_WEB_BASIC_AUTH_H_

#include <array>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/security.h"

namespace stackprobe::web {

/// The user name and password of an `Authorization: Basic ...` value
/// (scheme case-insensitive); nullopt when it is not a well-formed one.
/// Pure; thread-safe.
std::optional<std::pair<std::string, std::string>> ParseBasicAuthorization(
    std::string_view authorization);

/// Whether `password` matches the bcrypt `hash` ($2a$, $2b$, $2y$), through
/// libcrypt's crypt_r; the result is compared in constant time. Takes as long
/// as the hash's cost says (cost 10: ~50-100 ms). Thread-safe.
bool BcryptMatches(const std::string& password, const std::string& hash);

/// The bcrypt costs a web config may use. Below 10 a stolen hash is cheap to
/// crack (htpasswd -B makes 5); above 14 one check takes seconds and a few
/// wrong passwords would hold the password-check threads for minutes.
inline constexpr int kMinBcryptCost = 10;
inline constexpr int kMaxBcryptCost = 14;

/// The cost of a bcrypt hash (`$2y$10$...` is 10); nullopt when `hash` does
/// not start like one. Pure.
std::optional<int> BcryptCost(std::string_view hash);

/// Checks basic credentials against bcrypt hashes. Successful checks are
/// remembered (by a SHA-256 of user and password, never the password) so a
/// scraper pays bcrypt once, not on every scrape; the memory holds at most
/// `cache_size` entries, oldest dropped first. Failures are never cached.
/// Thread-safe.
class BasicAuthenticator : public http::Authenticator {
 public:
  /// Default bound of the success cache (entries of 32 bytes each).
  static constexpr std::size_t kDefaultCacheSize = 256;

  /// `users` maps user names to bcrypt hashes.
  explicit BasicAuthenticator(std::map<std::string, std::string> users,
                              std::size_t cache_size = kDefaultCacheSize);

  /// kAllow on a cache hit, kDeny for missing or malformed credentials,
  /// kNeedsCheck otherwise. Takes microseconds.
  Verdict QuickCheck(std::string_view authorization) const override;

  /// Runs bcrypt; for an unknown user too, at CostFor(user), so the
  /// answer's timing does not tell which users exist.
  bool Check(std::string_view authorization) const override;

  /// The bcrypt cost Check() pays for `user`: its own hash's; for a name
  /// that is no user, the cost of a user picked by a keyed hash of the name
  /// (the key is random per process). So unknown names take the time real
  /// users take, whatever costs their hashes have.
  int CostFor(const std::string& user) const;

  /// `Basic realm="stackprobe"`.
  std::string Challenge() const override;

  /// Entries in the success cache now (for tests).
  std::size_t CachedCount() const;

 private:
  using Digest = std::array<unsigned char, 32>;
  static Digest KeyOf(const std::string& user, const std::string& password);

  // The hash an unknown `user` is checked against (never matches).
  const std::string& DecoyFor(const std::string& user) const;

  const std::map<std::string, std::string> users_;
  std::vector<std::string> decoys_;  // One per user, at its cost.
  std::array<unsigned char, 32> decoy_key_{};
  const std::size_t cache_size_;
  mutable std::mutex mutex_;
  mutable std::set<Digest> cached_;       // guarded by mutex_
  mutable std::deque<Digest> cache_age_;  // guarded by mutex_; oldest first
};

}  // namespace stackprobe::web

#endif  // STACKPROBE_WEB_BASIC_AUTH_H_
