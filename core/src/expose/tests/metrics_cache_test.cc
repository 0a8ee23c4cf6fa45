// SPDX-License-Identifier: Apache-2.0
#include "expose/metrics_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <thread>

#include "fixtures.h"

namespace stackprobe::expose {
namespace {

using ::testing::HasSubstr;
using testing::MakeExporterInfo;
using testing::MakeProcessStats;
using testing::MakeSnapshot;

std::vector<ExtraFamily> Requests(double count) {
  return {ExtraFamily{"stackprobe_http_requests_total",
                      "HTTP requests answered, counted by the server.",
                      SampleType::kCounter,
                      {{{{"code", "200"}}, count}}}};
}

// Inflates one gzip member; "" with a failure when it is not a whole one.
std::string Gunzip(const std::string& gzipped) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(gzipped.size() * 20 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  EXPECT_EQ(result, Z_STREAM_END);
  EXPECT_EQ(stream.avail_in, 0u);
  return result == Z_STREAM_END ? out : "";
}

model::SnapshotPtr Share(model::StoreSnapshot snapshot) {
  return std::make_shared<const model::StoreSnapshot>(std::move(snapshot));
}

TEST(MetricsCache, RendersWhatRenderMetricsRenders) {
  MetricsCache cache;
  const auto snapshot = Share(MakeSnapshot());
  for (const Format format : {Format::kText004, Format::kOpenMetrics}) {
    EXPECT_EQ(cache.Render(snapshot, MakeExporterInfo(), MakeProcessStats(),
                           Requests(5), format),
              RenderMetrics(*snapshot, MakeExporterInfo(), MakeProcessStats(),
                            Requests(5), format));
  }
  EXPECT_EQ(cache.preparations(), 2u);  // one per format
}

// Prometheus asks for gzip on every scrape: the snapshot's text is
// compressed once, the live families per scrape, and the joined body
// inflates to exactly the plain one.
TEST(MetricsCache, GzipCompressesASnapshotOnceAndMatchesThePlainText) {
  MetricsCache cache;
  const auto snapshot = Share(MakeSnapshot());
  for (const Format format : {Format::kText004, Format::kOpenMetrics}) {
    for (int scrape = 0; scrape < 3; ++scrape) {
      auto process = MakeProcessStats();
      process.cpu_seconds = 10.0 + scrape;
      const std::string gzipped = cache.RenderGzip(
          snapshot, MakeExporterInfo(), process, Requests(scrape), format);
      EXPECT_EQ(Gunzip(gzipped),
                RenderMetrics(*snapshot, MakeExporterInfo(), process,
                              Requests(scrape), format));
    }
  }
  EXPECT_EQ(cache.compressions(), 2u);  // one per format
  EXPECT_EQ(cache.preparations(), 2u);
  // A new snapshot is compressed again.
  cache.RenderGzip(Share(MakeSnapshot()), MakeExporterInfo(),
                   MakeProcessStats(), Requests(1), Format::kText004);
  EXPECT_EQ(cache.compressions(), 3u);
}

TEST(MetricsCache, SameSnapshotReusesItsTextButNotTheLiveValues) {
  MetricsCache cache;
  const auto snapshot = Share(MakeSnapshot());
  cache.Render(snapshot, MakeExporterInfo(), MakeProcessStats(), Requests(5),
               Format::kText004);
  auto process = MakeProcessStats();
  process.cpu_seconds = 98.25;
  const std::string second = cache.Render(snapshot, MakeExporterInfo(), process,
                                          Requests(6), Format::kText004);
  EXPECT_EQ(cache.preparations(), 1u);
  EXPECT_THAT(second, HasSubstr("\nprocess_cpu_seconds_total 98.25\n"));
  EXPECT_THAT(second,
              HasSubstr("\nstackprobe_http_requests_total{code=\"200\"} 6\n"));
  EXPECT_EQ(second, RenderMetrics(*snapshot, MakeExporterInfo(), process,
                                  Requests(6), Format::kText004));
}

TEST(MetricsCache, NewSnapshotExporterOrFamiliesAreRenderedAgain) {
  MetricsCache cache;
  auto first = MakeSnapshot();
  cache.Render(Share(first), MakeExporterInfo(), MakeProcessStats(),
               Requests(1), Format::kText004);

  // The store publishes a new snapshot when a probe's record changed.
  first.probes[0].record.duration_seconds = 0.5;
  const auto changed = Share(first);
  EXPECT_THAT(cache.Render(changed, MakeExporterInfo(), MakeProcessStats(),
                           Requests(1), Format::kText004),
              HasSubstr("stackprobe_probe_duration_seconds{probe=\"llm\","
                        "team=\"ai\"} 0.5"));
  EXPECT_EQ(cache.preparations(), 2u);

  auto exporter = MakeExporterInfo();
  exporter.last_reload_successful = true;  // the fixture's reload failed
  EXPECT_THAT(cache.Render(changed, exporter, MakeProcessStats(), Requests(1),
                           Format::kText004),
              HasSubstr("\nstackprobe_config_last_reload_successful 1\n"));
  EXPECT_EQ(cache.preparations(), 3u);

  // A reload to probe_series: full brings the opt-in families.
  exporter.probe_series = model::ProbeSeries::kFull;
  EXPECT_THAT(cache.Render(changed, exporter, MakeProcessStats(), Requests(1),
                           Format::kText004),
              HasSubstr("stackprobe_probe_runs_total{probe=\"llm\","
                        "team=\"ai\"} 7"));
  EXPECT_EQ(cache.preparations(), 4u);

  auto more = Requests(1);
  more.push_back(ExtraFamily{"stackprobe_file_write_failures_total",
                             "Failed atomic writes.",
                             SampleType::kCounter,
                             {{{}, 2}}});
  EXPECT_EQ(cache.Render(changed, exporter, MakeProcessStats(), more,
                         Format::kText004),
            RenderMetrics(*changed, exporter, MakeProcessStats(), more,
                          Format::kText004));
  EXPECT_EQ(cache.preparations(), 5u);
}

TEST(MetricsCache, OverlappingScrapesOfOneSnapshotRenderItOnce) {
  MetricsCache cache;
  const auto snapshot = Share(MakeSnapshot());
  const std::string expected =
      RenderMetrics(*snapshot, MakeExporterInfo(), MakeProcessStats(),
                    Requests(3), Format::kOpenMetrics);
  std::vector<std::string> texts(8);
  std::vector<std::thread> scrapers;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    scrapers.emplace_back([&, i] {
      texts[i] = cache.Render(snapshot, MakeExporterInfo(), MakeProcessStats(),
                              Requests(3), Format::kOpenMetrics);
    });
  }
  for (auto& scraper : scrapers) scraper.join();
  EXPECT_EQ(cache.preparations(), 1u);
  for (const std::string& text : texts) EXPECT_EQ(text, expected);
}

}  // namespace
}  // namespace stackprobe::expose
