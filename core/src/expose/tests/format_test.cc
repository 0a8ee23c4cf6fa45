// SPDX-License-Identifier: Apache-2.0
#include "expose/format.h"

#include <gtest/gtest.h>

namespace stackprobe::expose {
namespace {

struct Case {
  const char* accept;
  Format expected;
};

TEST(NegotiateFormat, Table) {
  const Case cases[] = {
      {"", Format::kText004},
      {"*/*", Format::kText004},
      {"text/plain", Format::kText004},
      {"garbage;;;,,", Format::kText004},
      // What Prometheus 2.42 sends.
      {"application/openmetrics-text;version=1.0.0,application/"
       "openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
       "*/*;q=0.1",
       Format::kOpenMetrics},
      {"application/openmetrics-text", Format::kOpenMetrics},
      {"Application/OpenMetrics-Text; Version=\"1.0.0\"", Format::kOpenMetrics},
      {"application/openmetrics-text;version=0.0.1", Format::kText004},
      {"application/openmetrics-text;version=2.0.0", Format::kText004},
      {"application/openmetrics-text;q=0", Format::kText004},
      {"application/openmetrics-text;q=0.5,text/plain", Format::kText004},
      {"text/plain;q=0.5, application/openmetrics-text;q=0.5",
       Format::kOpenMetrics},
      {"application/openmetrics-text;q=0.4,text/*;q=0.5", Format::kText004},
      {"application/openmetrics-text;q=0.4,*/*;q=0.3", Format::kOpenMetrics},
      {"application/openmetrics-text;q=0.4,*/*;q=0.5", Format::kText004},
      {"application/openmetrics-text;q=bad", Format::kText004},
      {"text/plain;version=0.0.4;q=0.3,application/openmetrics-text;"
       "version=1.0.0;q=0.9",
       Format::kOpenMetrics},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NegotiateFormat(c.accept), c.expected) << c.accept;
  }
}

TEST(ContentType, CarriesVersionAndCharset) {
  EXPECT_EQ(ContentType(Format::kText004),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(ContentType(Format::kOpenMetrics),
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

}  // namespace
}  // namespace stackprobe::expose
