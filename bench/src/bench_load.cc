// SPDX-License-Identifier: Apache-2.0
//
// stackprobe-bench-load: a bounded HTTP load driver for the benchmarks.
// C threads each send GET requests (libcurl easy, one handle per thread)
// until N requests are done in total or the time bound passes, and the
// driver prints one JSON object with throughput, latency percentiles, its own
// CPU time and, for --pid, the CPU time and RSS of the process under test
// (read from /proc/PID/stat and /proc/PID/status before and after).
//
// --fresh opens a new connection per request (the bare libcurl floor: what a
// prober does per probe). Without it each thread keeps its connection alive,
// as Prometheus does towards an exporter. --probe-duration reads
// `probe_duration_seconds` and `probe_success` from each body (the exporters'
// own measure of the probe; blackbox_exporter's names). --interval-ms T
// paces every thread to start a request at the same instants, every T ms
// (scrapers that overlap without saturating the server); without it each
// thread sends its next request as soon as the last one ends.

#include <curl/curl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string url;
  int concurrency = 1;
  long requests = 1000;
  double max_seconds = 60;
  double interval_ms = 0;
  bool fresh = false;
  bool probe_duration = false;
  long pid = 0;
  std::vector<std::string> headers;
};

struct ThreadResult {
  std::vector<double> latency_ms;
  std::vector<double> probe_ms;
  long errors = 0;
  long failed_probes = 0;
  std::size_t last_body_bytes = 0;
  std::string first_error;
};

struct ProcSample {
  double cpu_seconds = 0;
  long rss_kb = 0;
  long hwm_kb = 0;
};

ProcSample ReadProc(long pid) {
  ProcSample sample;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // The command name may hold spaces: fields count from the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return sample;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14 || index == 15) ticks += std::atof(field.c_str());
    if (index == 15) break;
  }
  sample.cpu_seconds = ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0)
      sample.rss_kb = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0)
      sample.hwm_kb = std::atol(line.c_str() + 6);
  }
  return sample;
}

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) /
             1e6;
}

std::size_t Append(char* data, std::size_t size, std::size_t count,
                   void* user) {
  auto* body = static_cast<std::string*>(user);
  // Bodies here are expositions of at most a few MB; cap to stay bounded.
  if (body->size() < (64u << 20)) body->append(data, size * count);
  return size * count;
}

// Value of the first sample line that starts with `name ` (no labels).
bool FindSample(const std::string& body, const std::string& name,
                double& value) {
  std::size_t at = 0;
  while ((at = body.find(name + " ", at)) != std::string::npos) {
    if (at == 0 || body[at - 1] == '\n') {
      value = std::atof(body.c_str() + at + name.size() + 1);
      return true;
    }
    at += name.size();
  }
  return false;
}

double Percentile(std::vector<double>& values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(
      fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

void Worker(const Options& options, std::atomic<long>& claimed,
            std::chrono::steady_clock::time_point begin,
            std::chrono::steady_clock::time_point end, ThreadResult& result) {
  CURL* curl = curl_easy_init();
  std::string body;
  curl_slist* headers = nullptr;
  for (const auto& header : options.headers) {
    headers = curl_slist_append(headers, header.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 0L);
  if (options.fresh) {
    curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
  }
  for (long tick = 0; claimed.fetch_add(1) < options.requests &&
                      std::chrono::steady_clock::now() < end;
       ++tick) {
    if (options.interval_ms > 0) {
      std::this_thread::sleep_until(
          begin + std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::duration<double, std::milli>(
                          options.interval_ms * static_cast<double>(tick))));
    }
    body.clear();
    const auto start = std::chrono::steady_clock::now();
    const CURLcode code = curl_easy_perform(curl);
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status != 200) {
      if (result.errors++ == 0) {
        result.first_error = code != CURLE_OK
                                 ? curl_easy_strerror(code)
                                 : "HTTP " + std::to_string(status);
      }
      continue;
    }
    result.latency_ms.push_back(ms);
    result.last_body_bytes = body.size();
    if (options.probe_duration) {
      double success = 0;
      double seconds = 0;
      if (!FindSample(body, "probe_success", success) || success != 1) {
        if (result.failed_probes++ == 0) {
          result.first_error = "probe_success != 1: " + body.substr(0, 300);
        }
      }
      if (FindSample(body, "probe_duration_seconds", seconds)) {
        result.probe_ms.push_back(seconds * 1000.0);
      }
    } else if (options.fresh) {
      // The floor's own measure of the request is its wall time.
      result.probe_ms.push_back(ms);
    }
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << flag << ": missing value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--url") {
      options.url = value();
    } else if (flag == "--concurrency") {
      options.concurrency = std::clamp(std::atoi(value().c_str()), 1, 256);
    } else if (flag == "--requests") {
      options.requests = std::max(1L, std::atol(value().c_str()));
    } else if (flag == "--max-seconds") {
      options.max_seconds = std::atof(value().c_str());
    } else if (flag == "--interval-ms") {
      options.interval_ms = std::atof(value().c_str());
    } else if (flag == "--fresh") {
      options.fresh = true;
    } else if (flag == "--probe-duration") {
      options.probe_duration = true;
    } else if (flag == "--pid") {
      options.pid = std::atol(value().c_str());
    } else if (flag == "--header") {
      options.headers.push_back(value());
    } else {
      std::cerr << "usage: stackprobe-bench-load --url URL [--concurrency C] "
                   "[--requests N] [--max-seconds S] [--fresh] "
                   "[--interval-ms T] [--probe-duration] [--pid PID] "
                   "[--header 'K: V']...\n";
      return 2;
    }
  }
  if (options.url.empty()) {
    std::cerr << "stackprobe-bench-load: --url is required\n";
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);

  const ProcSample before = options.pid ? ReadProc(options.pid) : ProcSample{};
  const double self_before = SelfCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  const auto end =
      start + std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::duration<double>(options.max_seconds));
  std::atomic<long> claimed{0};
  std::vector<ThreadResult> results(
      static_cast<std::size_t>(options.concurrency));
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back(Worker, std::cref(options), std::ref(claimed), start,
                         end, std::ref(result));
  }
  for (auto& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const double self_cpu = SelfCpuSeconds() - self_before;
  const ProcSample after = options.pid ? ReadProc(options.pid) : ProcSample{};

  std::vector<double> latency;
  std::vector<double> probe;
  long errors = 0;
  long failed = 0;
  std::size_t body_bytes = 0;
  std::string first_error;
  for (auto& result : results) {
    latency.insert(latency.end(), result.latency_ms.begin(),
                   result.latency_ms.end());
    probe.insert(probe.end(), result.probe_ms.begin(), result.probe_ms.end());
    errors += result.errors;
    failed += result.failed_probes;
    body_bytes = std::max(body_bytes, result.last_body_bytes);
    if (first_error.empty()) first_error = result.first_error;
  }
  const auto ok = static_cast<double>(latency.size());
  char line[1024];
  std::snprintf(
      line, sizeof(line),
      "{\"ok\":%zu,\"errors\":%ld,\"failed_probes\":%ld,\"seconds\":%.3f,"
      "\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
      "\"probe_p50_ms\":%.3f,\"probe_p99_ms\":%.3f,\"self_cpu_s\":%.3f,"
      "\"self_cpu_ms_per_1000\":%.1f,\"target_cpu_s\":%.3f,"
      "\"target_cpu_ms_per_1000\":%.1f,\"target_rss_kb\":%ld,"
      "\"target_hwm_kb\":%ld,\"body_bytes\":%zu,",
      latency.size(), errors, failed, seconds, ok / seconds,
      Percentile(latency, 0.5), Percentile(latency, 0.99),
      latency.empty() ? 0.0 : *std::max_element(latency.begin(), latency.end()),
      Percentile(probe, 0.5), Percentile(probe, 0.99), self_cpu,
      ok > 0 ? self_cpu * 1e6 / ok : 0.0,
      after.cpu_seconds - before.cpu_seconds,
      ok > 0 ? (after.cpu_seconds - before.cpu_seconds) * 1e6 / ok : 0.0,
      after.rss_kb, after.hwm_kb, body_bytes);
  std::cout << line << "\"first_error\":" << JsonString(first_error) << "}\n";
  curl_global_cleanup();
  return errors > 0 || failed > 0 ? 1 : 0;
}
