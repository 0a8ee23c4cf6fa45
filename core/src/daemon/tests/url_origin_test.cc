// SPDX-License-Identifier: Apache-2.0
#include "daemon/url_origin.h"

#include <gtest/gtest.h>

namespace stackprobe::daemon {
namespace {

TEST(SameOriginTest, OnlyThePathQueryAndFragmentMayDiffer) {
  EXPECT_TRUE(SameOrigin("http://127.0.0.1:6333",
                         "http://127.0.0.1:6333/collections?x=1#top"));
  EXPECT_FALSE(SameOrigin("http://127.0.0.1:6333", "http://127.0.0.1:6334"));
  EXPECT_FALSE(SameOrigin("http://127.0.0.1:6333", "http://localhost:6333"));
  EXPECT_FALSE(SameOrigin("http://a.example/", "http://a.example.evil/"));
}

TEST(SameOriginTest, SchemeAndDefaultPorts) {
  EXPECT_FALSE(SameOrigin("http://h.example/", "https://h.example/"));
  EXPECT_FALSE(SameOrigin("http://h.example:443/", "https://h.example:443/"));
  EXPECT_TRUE(SameOrigin("http://h.example/", "http://h.example:80/x"));
  EXPECT_TRUE(SameOrigin("https://h.example:443", "https://h.example/x"));
  EXPECT_TRUE(SameOrigin("https://h.example:", "https://h.example:0443/"));
  EXPECT_FALSE(SameOrigin("https://h.example/", "https://h.example:80/"));
}

TEST(SameOriginTest, SchemeAndHostIgnoreCase) {
  EXPECT_TRUE(SameOrigin("http://Example.COM/", "HTTP://example.com/x"));
  EXPECT_TRUE(SameOrigin("http://[FE80::1]:9/", "http://[fe80::1]:9/a"));
}

TEST(SameOriginTest, Ipv6Literals) {
  EXPECT_TRUE(SameOrigin("http://[::1]:8080/", "http://[::1]:8080/health"));
  EXPECT_TRUE(SameOrigin("http://[::1]/", "http://[::1]:80/"));
  EXPECT_FALSE(SameOrigin("http://[::1]:8080/", "http://[::1]:8081/"));
  EXPECT_FALSE(SameOrigin("http://[::1]:8080/", "http://127.0.0.1:8080/"));
  EXPECT_FALSE(SameOrigin("http://[::1/", "http://[::1/"));
  EXPECT_FALSE(SameOrigin("http://[::1]x/", "http://[::1]x/"));
}

TEST(SameOriginTest, UserinfoIsNoPartOfTheOrigin) {
  EXPECT_TRUE(SameOrigin("http://user:pw@h.example:1/", "http://h.example:1/"));
  EXPECT_TRUE(SameOrigin("http://h.example:1/", "http://me:x@h.example:1/a"));
  // The part before `@` is userinfo, not the host.
  EXPECT_FALSE(
      SameOrigin("http://h.example:1/", "http://h.example:1@evil.example/"));
  EXPECT_TRUE(SameOrigin("http://h.example/", "http://evil.example@h.example"));
  // An `@` after the authority is part of the path.
  EXPECT_TRUE(
      SameOrigin("http://h.example/", "http://h.example/@evil.example"));
}

TEST(SameOriginTest, WhatDoesNotParseStrictlyHasNoOrigin) {
  for (const char* url :
       {"", "h.example:1", "//h.example/", "http://", "http:///x",
        "http://:80/", "http://a@b@h.example/", "http://h.example:99999/",
        "http://h.example:0/", "http://h.example:1x/", "http://h.example:1:2/",
        "http://h.example\\@evil.example/", "http://h example/",
        "1http://h.example/"}) {
    EXPECT_FALSE(SameOrigin(url, url)) << url;
  }
}

}  // namespace
}  // namespace stackprobe::daemon
