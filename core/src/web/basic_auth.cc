// SPDX-License-Identifier: Apache-2.0
#include "web/basic_auth.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>

namespace stackprobe::web {
namespace {

// Checked against when the user is unknown, with its cost digits replaced by
// a real user's, so that case costs the same bcrypt run (its password is
// unknown: nothing matches it in practice).
constexpr char kDecoyHash[] =
    "$2y$10$6.0yvRf1nZEt5qVpRL1QreGQjFPnw5lsO7E/LKj3Mvay6vQSALCHq";
constexpr std::size_t kCostOffset = 4;  // "$2y$" then two digits.

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  unsigned int bits = 0;
  int bit_count = 0;
  for (const char c : text) {
    const int value = Base64Value(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned int>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> ParseBasicAuthorization(
    std::string_view authorization) {
  constexpr std::string_view kScheme = "basic ";
  if (!StartsWithIgnoringCase(authorization, kScheme)) return std::nullopt;
  authorization.remove_prefix(kScheme.size());
  while (!authorization.empty() && authorization.front() == ' ') {
    authorization.remove_prefix(1);
  }
  while (!authorization.empty() && authorization.back() == ' ') {
    authorization.remove_suffix(1);
  }
  const auto decoded = Base64Decode(authorization);
  if (!decoded) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

bool BcryptMatches(const std::string& password, const std::string& hash) {
  // crypt_data is ~32 KiB: too large for the stack of a pool thread.
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* result = crypt_r(password.c_str(), hash.c_str(), data.get());
  // A failed crypt_r returns null or a string starting with '*'.
  if (result == nullptr || result[0] == '*') return false;
  const std::size_t length = std::strlen(result);
  if (length != hash.size()) return false;
  return CRYPTO_memcmp(result, hash.data(), length) == 0;
}

std::optional<int> BcryptCost(std::string_view hash) {
  if (hash.size() < kCostOffset + 3 || hash[0] != '$' || hash[1] != '2' ||
      hash[3] != '$' || hash[kCostOffset + 2] != '$') {
    return std::nullopt;
  }
  const char tens = hash[kCostOffset];
  const char ones = hash[kCostOffset + 1];
  if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return std::nullopt;
  return (tens - '0') * 10 + (ones - '0');
}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users,
                                       std::size_t cache_size)
    : users_(std::move(users)), cache_size_(cache_size) {
  for (const auto& [user, hash] : users_) {
    std::string decoy = kDecoyHash;
    if (BcryptCost(hash)) decoy.replace(kCostOffset, 2, hash, kCostOffset, 2);
    decoys_.push_back(std::move(decoy));
  }
  if (RAND_bytes(decoy_key_.data(), static_cast<int>(decoy_key_.size())) != 1) {
    // Without a random key the pick is still spread over the users; only
    // its predictability changes, which reveals nothing about them.
    decoy_key_.fill(0);
  }
}

const std::string& BasicAuthenticator::DecoyFor(const std::string& user) const {
  static const std::string fixed = kDecoyHash;
  if (decoys_.empty()) return fixed;
  Digest digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), decoy_key_.data(), static_cast<int>(decoy_key_.size()),
       reinterpret_cast<const unsigned char*>(user.data()), user.size(),
       digest.data(), &length);
  std::size_t pick = 0;
  for (std::size_t i = 0; i < sizeof(std::size_t); ++i) {
    pick = (pick << 8) | digest[i];
  }
  return decoys_[pick % decoys_.size()];
}

int BasicAuthenticator::CostFor(const std::string& user) const {
  const auto found = users_.find(user);
  const std::string& hash =
      found != users_.end() ? found->second : DecoyFor(user);
  return BcryptCost(hash).value_or(0);
}

BasicAuthenticator::Digest BasicAuthenticator::KeyOf(
    const std::string& user, const std::string& password) {
  Digest digest{};
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const unsigned char separator = 0;
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  EVP_DigestUpdate(md, user.data(), user.size());
  EVP_DigestUpdate(md, &separator, 1);
  EVP_DigestUpdate(md, password.data(), password.size());
  EVP_DigestFinal_ex(md, digest.data(), nullptr);
  EVP_MD_CTX_free(md);
  return digest;
}

http::Authenticator::Verdict BasicAuthenticator::QuickCheck(
    std::string_view authorization) const {
  const auto credentials = ParseBasicAuthorization(authorization);
  if (!credentials) return Verdict::kDeny;
  const Digest key = KeyOf(credentials->first, credentials->second);
  std::lock_guard lock(mutex_);
  return cached_.count(key) > 0 ? Verdict::kAllow : Verdict::kNeedsCheck;
}

bool BasicAuthenticator::Check(std::string_view authorization) const {
  const auto credentials = ParseBasicAuthorization(authorization);
  if (!credentials) return false;
  const auto& [user, password] = *credentials;
  const auto found = users_.find(user);
  if (found == users_.end()) {
    BcryptMatches(password, DecoyFor(user));
    return false;
  }
  if (!BcryptMatches(password, found->second)) return false;
  const Digest key = KeyOf(user, password);
  std::lock_guard lock(mutex_);
  if (cache_size_ > 0 && cached_.insert(key).second) {
    cache_age_.push_back(key);
    while (cache_age_.size() > cache_size_) {
      cached_.erase(cache_age_.front());
      cache_age_.pop_front();
    }
  }
  return true;
}

std::string BasicAuthenticator::Challenge() const {
  return "Basic realm=\"stackprobe\"";
}

std::size_t BasicAuthenticator::CachedCount() const {
  std::lock_guard lock(mutex_);
  return cached_.size();
}

}  // namespace stackprobe::web
