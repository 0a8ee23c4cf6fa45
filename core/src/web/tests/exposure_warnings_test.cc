// SPDX-License-Identifier: Apache-2.0
#include "web/exposure_warnings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stackprobe::web {
namespace {

using Lines = std::vector<std::string>;

std::string Unprotected(const std::string& address) {
  return "event=listening_unprotected address=" + address +
         " detail=\"reachable beyond this machine without basic auth or "
         "client certificates: anyone who can connect reads the metrics and "
         "can run probes\" see=docs/security.md";
}

const std::string kInClear =
    "event=basic_auth_without_tls detail=\"passwords travel in clear over "
    "plain HTTP; add tls_server_config to the web config\" "
    "see=docs/security.md";

TEST(ExposureWarningsTest, LoopbackAloneNeedsNoWarning) {
  EXPECT_EQ(ExposureWarnings({{"127.0.0.1:9877", "[::1]:9877", "127.1.2.3:80",
                               "[::ffff:127.0.0.1]:9877"}}),
            Lines{});
}

TEST(ExposureWarningsTest, EveryOpenAddressWithoutAuthenticationIsNamed) {
  EXPECT_EQ(ExposureWarnings({{"0.0.0.0:9877", "127.0.0.1:9877", "[::]:9877",
                               "192.168.1.20:9877"}}),
            (Lines{Unprotected("0.0.0.0:9877"), Unprotected("[::]:9877"),
                   Unprotected("192.168.1.20:9877")}));
  Exposure tls_alone{{"0.0.0.0:9877"}};
  tls_alone.tls = true;
  EXPECT_EQ(ExposureWarnings(tls_alone), Lines{Unprotected("0.0.0.0:9877")});
}

TEST(ExposureWarningsTest, BasicAuthOrClientCertificatesGuardAnOpenAddress) {
  Exposure mutual_tls{{"0.0.0.0:9877"}};
  mutual_tls.tls = true;
  mutual_tls.client_certs_required = true;
  EXPECT_EQ(ExposureWarnings(mutual_tls), Lines{});
  Exposure basic_auth_over_tls{{"0.0.0.0:9877"}};
  basic_auth_over_tls.tls = true;
  basic_auth_over_tls.basic_auth = true;
  EXPECT_EQ(ExposureWarnings(basic_auth_over_tls), Lines{});
}

TEST(ExposureWarningsTest, BasicAuthOverPlainHttpSaysPasswordsTravelInClear) {
  Exposure open{{"0.0.0.0:9877"}};
  open.basic_auth = true;
  EXPECT_EQ(ExposureWarnings(open), Lines{kInClear});
  Exposure local{{"127.0.0.1:9877"}};
  local.basic_auth = true;
  EXPECT_EQ(ExposureWarnings(local), Lines{kInClear});
}

TEST(ExposureWarningsTest, LoopbackIsDecidedOnTheAddressNotItsSpelling) {
  EXPECT_TRUE(IsLoopbackAddress("localhost:0"));
  EXPECT_TRUE(IsLoopbackAddress("127.255.255.254:1"));
  EXPECT_FALSE(IsLoopbackAddress("128.0.0.1:9877"));
  EXPECT_FALSE(IsLoopbackAddress("[::2]:9877"));
  EXPECT_FALSE(IsLoopbackAddress("[::ffff:10.0.0.1]:9877"));
  EXPECT_FALSE(IsLoopbackAddress("not an address"));
}

}  // namespace
}  // namespace stackprobe::web
