// SPDX-License-Identifier: Apache-2.0
#include "expose/text_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "expose/utf8.h"

namespace stackprobe::expose {
namespace {

std::string Value(double value) {
  std::string out;
  TextWriter::AppendValue(value, out);
  return out;
}

TEST(TextWriter, ValuesRoundTripAndSpecials) {
  EXPECT_EQ(Value(0), "0");
  EXPECT_EQ(Value(42), "42");
  EXPECT_EQ(Value(0.1), "0.1");
  EXPECT_EQ(Value(-2.5), "-2.5");
  EXPECT_EQ(Value(1e21), "1e+21");
  // prometheus-cpp 1.0.1 prints 1.234567890123457e+17 here, which reads
  // back as a different double.
  const double big = 123456789012345678.0;
  EXPECT_EQ(std::stod(Value(big)), big);
  EXPECT_EQ(Value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(Value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Value(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(TextWriter, LabelValueEscapingAndUtf8Repair) {
  std::string out;
  TextWriter::AppendLabelValue("a\"b\\c\nd", out);
  EXPECT_EQ(out, R"(a\"b\\c\nd)");
  out.clear();
  TextWriter::AppendLabelValue("ok \xC3\xA9 \xC3 \xED\xA0\x80 \xF4\x90\x80\x80",
                               out);
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out.substr(0, 6), "ok \xC3\xA9 ");
  EXPECT_EQ(out.substr(6, 3), "\xEF\xBF\xBD");
}

TEST(TextWriter, HelpEscapingDiffersByFormat) {
  std::string text;
  TextWriter writer(Format::kText004, text);
  writer.BeginFamily("x_seconds", "a \\ \"b\"\nc", SampleType::kGauge);
  writer.BeginSample();
  writer.EndSample(1);
  writer.Finish();
  EXPECT_EQ(text,
            "# HELP x_seconds a \\\\ \"b\"\\nc\n# TYPE x_seconds gauge\n"
            "x_seconds 1\n");

  std::string om;
  TextWriter om_writer(Format::kOpenMetrics, om);
  om_writer.BeginFamily("x_seconds", "a \\ \"b\"\nc", SampleType::kGauge);
  om_writer.BeginSample();
  om_writer.EndSample(1);
  om_writer.Finish();
  EXPECT_EQ(om,
            "# HELP x_seconds a \\\\ \\\"b\\\"\\nc\n# TYPE x_seconds gauge\n"
            "x_seconds 1\n# EOF\n");
}

TEST(TextWriter, OpenMetricsSuffixes) {
  std::string om;
  TextWriter writer(Format::kOpenMetrics, om);
  writer.BeginFamily("a_total", "A.", SampleType::kCounter);
  writer.BeginSample();
  writer.AddLabel("k", "v");
  writer.EndSample(2);
  writer.BeginFamily("b", "B.", SampleType::kCounter);  // No _total given.
  writer.BeginSample();
  writer.EndSample(3);
  writer.BeginFamily("c_info", "C.", SampleType::kInfo);
  writer.BeginSample();
  writer.EndSample(1);
  writer.BeginFamily("d", "D.", SampleType::kStateSet);
  writer.BeginSample();
  writer.EndSample(0);
  writer.BeginFamily("e", "Never sampled.", SampleType::kGauge);
  writer.Finish();
  EXPECT_EQ(om,
            "# HELP a A.\n# TYPE a counter\na_total{k=\"v\"} 2\n"
            "# HELP b B.\n# TYPE b counter\nb_total 3\n"
            "# HELP c C.\n# TYPE c info\nc_info 1\n"
            "# HELP d D.\n# TYPE d gauge\nd 0\n"
            "# EOF\n");
}

TEST(Utf8, Truncate) {
  std::string text = "ab\xC3\xA9";  // "abé"
  EXPECT_FALSE(TruncateUtf8(text, 4));
  EXPECT_TRUE(TruncateUtf8(text, 3));
  EXPECT_EQ(text, "ab");
}

TEST(Utf8, Validity) {
  EXPECT_TRUE(IsValidUtf8("plain \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Beyond U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // Cut short.
}

}  // namespace
}  // namespace stackprobe::expose
