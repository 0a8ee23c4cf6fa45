// SPDX-License-Identifier: Apache-2.0
#include "web/basic_auth.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace stackprobe::web {
namespace {

using Verdict = http::Authenticator::Verdict;
using Users = std::map<std::string, std::string>;

// The crypt_blowfish test vector (Openwall's wrapper.c): "U*U" at cost 5.
constexpr char kUstarUHash[] =
    "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

std::string Basic(const std::string& base64) { return "Basic " + base64; }

TEST(BasicAuthTest, ParsesRfc7617Credentials) {
  // "Aladdin:open sesame", the RFC 7617 example.
  const auto parsed =
      ParseBasicAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, "Aladdin");
  EXPECT_EQ(parsed->second, "open sesame");
  EXPECT_TRUE(ParseBasicAuthorization("basic   QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
                  .has_value());
  // "a:b:c": the password may hold colons.
  EXPECT_EQ(ParseBasicAuthorization("Basic YTpiOmM=")->second, "b:c");
  EXPECT_FALSE(ParseBasicAuthorization("").has_value());
  EXPECT_FALSE(ParseBasicAuthorization("Bearer abc").has_value());
  EXPECT_FALSE(ParseBasicAuthorization("Basic !!!").has_value());
  EXPECT_FALSE(ParseBasicAuthorization("Basic bm9jb2xvbg==").has_value());
}

TEST(BasicAuthTest, BcryptMatchesAllThreePrefixes) {
  EXPECT_TRUE(BcryptMatches("U*U", kUstarUHash));
  EXPECT_FALSE(BcryptMatches("U*V", kUstarUHash));
  std::string b_hash = kUstarUHash;
  b_hash[2] = 'b';
  EXPECT_TRUE(BcryptMatches("U*U", b_hash));
  std::string y_hash = kUstarUHash;
  y_hash[2] = 'y';
  EXPECT_TRUE(BcryptMatches("U*U", y_hash));
  EXPECT_FALSE(BcryptMatches("U*U", "not a hash"));
  EXPECT_FALSE(BcryptMatches("U*U", ""));
}

TEST(BasicAuthTest, ChecksUsersAndCachesOnlySuccesses) {
  const BasicAuthenticator auth(Users{{"u", kUstarUHash}});
  const std::string right = Basic("dTpVKlU=");  // u:U*U
  const std::string wrong = Basic("dTpVKlY=");  // u:U*V
  const std::string other = Basic("dng6VSpV");  // vx:U*U
  EXPECT_EQ(auth.QuickCheck(""), Verdict::kDeny);
  EXPECT_EQ(auth.QuickCheck("Basic ???"), Verdict::kDeny);
  EXPECT_EQ(auth.QuickCheck(right), Verdict::kNeedsCheck);
  EXPECT_FALSE(auth.Check(wrong));
  EXPECT_FALSE(auth.Check(other));
  EXPECT_EQ(auth.CachedCount(), 0u);
  EXPECT_EQ(auth.QuickCheck(wrong), Verdict::kNeedsCheck);
  EXPECT_TRUE(auth.Check(right));
  EXPECT_EQ(auth.QuickCheck(right), Verdict::kAllow);
  EXPECT_EQ(auth.QuickCheck(wrong), Verdict::kNeedsCheck);
  EXPECT_EQ(auth.Challenge(), "Basic realm=\"stackprobe\"");
}

TEST(BasicAuthTest, ReadsTheCostOfAHash) {
  EXPECT_EQ(BcryptCost(kUstarUHash), 5);
  EXPECT_EQ(BcryptCost("$2y$14$abc"), 14);
  EXPECT_FALSE(BcryptCost("$2y$1x$abc").has_value());
  EXPECT_FALSE(BcryptCost("$1$ab$cd").has_value());
  EXPECT_FALSE(BcryptCost("").has_value());
}

// Timing must not tell which names are users, whatever costs the hashes
// have: an unknown name costs what some real user costs.
TEST(BasicAuthTest, UnknownUsersCostWhatRealUsersCost) {
  const std::string cost12 =
      "$2a$12$CCCCCCCCCCCCCCCCCCCCC.wgsDBuVnYlgJOOh/5QDniUpdm5/rfEe";
  const BasicAuthenticator one_cost(Users{{"alice", cost12}});
  EXPECT_EQ(one_cost.CostFor("alice"), 12);
  EXPECT_EQ(one_cost.CostFor("mallory"), 12);
  EXPECT_EQ(one_cost.CostFor(""), 12);

  const BasicAuthenticator mixed(
      Users{{"alice", cost12}, {"bob", kUstarUHash}});
  EXPECT_EQ(mixed.CostFor("bob"), 5);
  std::set<int> seen;
  for (int i = 0; i < 64; ++i) {
    const int cost = mixed.CostFor("name" + std::to_string(i));
    EXPECT_TRUE(cost == 12 || cost == 5) << cost;
    seen.insert(cost);
    // The same name always costs the same: repeating it reveals nothing.
    EXPECT_EQ(mixed.CostFor("name" + std::to_string(i)), cost);
  }
  EXPECT_EQ(seen.size(), 2u);
}

TEST(BasicAuthTest, CacheIsBounded) {
  // Two users sharing one hash; a cache of one keeps the newest only.
  const BasicAuthenticator auth(Users{{"u", kUstarUHash}, {"w", kUstarUHash}},
                                /*cache_size=*/1);
  const std::string u = Basic("dTpVKlU=");  // u:U*U
  const std::string w = Basic("dzpVKlU=");  // w:U*U
  ASSERT_TRUE(auth.Check(u));
  ASSERT_TRUE(auth.Check(w));
  EXPECT_EQ(auth.CachedCount(), 1u);
  EXPECT_EQ(auth.QuickCheck(w), Verdict::kAllow);
  EXPECT_EQ(auth.QuickCheck(u), Verdict::kNeedsCheck);
}

}  // namespace
}  // namespace stackprobe::web
