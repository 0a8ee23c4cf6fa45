// SPDX-License-Identifier: Apache-2.0
#include "daemon/status_page.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

#include "daemon/human_time.h"

namespace stackprobe::daemon {
namespace {

// Light and dark colours (prefers-color-scheme), cards that wrap on a phone.
constexpr const char* kStyle =
    ":root{--bg:#fff;--fg:#1f2328;--muted:#656d76;--card:#f6f8fa;"
    "--line:#d0d7de;--up:#1a7f37;--degraded:#9a6700;--starting:#0969da;"
    "--down:#cf222e;--error:#8250df;--blocked:#6e7781;--pending:#afb8c1}"
    "@media(prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;"
    "--muted:#8d96a0;--card:#161b22;--line:#30363d;--up:#3fb950;"
    "--degraded:#d29922;--starting:#58a6ff;--down:#f85149;--error:#bc8cff;"
    "--blocked:#8b949e;--pending:#484f58}}"
    "body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;"
    "max-width:70em;background:var(--bg);color:var(--fg)}"
    "a{color:var(--starting)}h1{margin:.2em 0}.meta,.times,.deps,.links"
    "{color:var(--muted);font-size:.9em;margin:.3em 0}"
    ".summary span{font-weight:600;margin-right:.8em}"
    "article{background:var(--card);border:1px solid var(--line);"
    "border-left:6px solid var(--line);border-radius:6px;padding:.6em .9em;"
    "margin:.7em 0}"
    "h2{display:inline;font-size:1.1em;margin:0 .4em}"
    ".badge{display:inline-block;border-radius:1em;padding:0 .6em;"
    "color:#fff;font-size:.85em;font-weight:600}"
    ".reason{margin:.3em 0;overflow-wrap:anywhere}"
    ".history{display:flex;gap:2px;margin:.4em 0;flex-wrap:wrap}"
    ".history i{display:inline-block;width:8px;height:18px;border-radius:2px}"
    ".s-up{--c:var(--up)}.s-degraded{--c:var(--degraded)}"
    ".s-starting{--c:var(--starting)}.s-down{--c:var(--down)}"
    ".s-error{--c:var(--error)}.s-blocked{--c:var(--blocked)}"
    ".s-pending{--c:var(--pending)}"
    "article.s-up,article.s-degraded,article.s-starting,article.s-down,"
    "article.s-error,article.s-blocked,article.s-pending"
    "{border-left-color:var(--c)}.badge,.history i{background:var(--c)}"
    ".summary .s-up,.summary .s-degraded,.summary .s-down,.summary "
    ".s-blocked,.summary .s-error,.summary .s-starting,.summary .s-pending"
    "{color:var(--c)}";

std::string StateOf(const model::ProbeStatus& status) {
  return status.record.has_run
             ? std::string(StateName(status.record.result.state))
             : "pending";
}

// Problems first: the order people act on them in; then by name.
int Severity(const std::string& state) {
  static const std::vector<std::string> kOrder = {
      "down", "error", "blocked", "starting", "degraded", "pending", "up"};
  return static_cast<int>(std::find(kOrder.begin(), kOrder.end(), state) -
                          kOrder.begin());
}

std::string ClockTime(double unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

// The strip of the last runs, oldest first. A run that was not up says in
// its title when and why; up runs stay bare, which keeps a page of 1000
// probes small.
std::string HistoryStrip(const model::RunHistory& history) {
  std::string html = "<div class=\"history\" title=\"last " +
                     std::to_string(history.size()) +
                     " runs, oldest first, from " +
                     ClockTime(history.front().finished_at) + "\">";
  for (const model::RunSummary& run : history) {
    const std::string state(StateName(run.state));
    html += "<i class=\"s-" + state + "\"";
    if (run.state != State::kUp) {
      html += " title=\"" + ClockTime(run.finished_at) + ": " + state + " (" +
              HtmlEscape(run.reason) + "), " +
              HumanLatency(run.duration_seconds) + "\"";
    }
    html += "></i>";
  }
  return html + "</div>";
}

// "last 4.1 ms, median 3.9 ms" and "uptime 93% of the last 30 runs".
std::string RunFigures(const model::RunHistory& history) {
  std::vector<double> durations;
  std::size_t fine = 0;
  for (const model::RunSummary& run : history) {
    durations.push_back(run.duration_seconds);
    if (run.state == State::kUp || run.state == State::kDegraded) ++fine;
  }
  const double last = durations.back();
  std::nth_element(
      durations.begin(),
      durations.begin() + static_cast<std::ptrdiff_t>(durations.size() / 2),
      durations.end());
  const double median = durations[durations.size() / 2];
  const long uptime = std::lround(100.0 * static_cast<double>(fine) /
                                  static_cast<double>(history.size()));
  return "<span class=\"latency\">latency " + HumanLatency(last) + ", median " +
         HumanLatency(median) + "</span> · <span class=\"uptime\">uptime " +
         std::to_string(uptime) + "% of the last " +
         std::to_string(history.size()) +
         (history.size() == 1 ? " run" : " runs") + "</span>";
}

std::string ProbeCard(const model::ProbeStatus& status, double now) {
  const auto& record = status.record;
  const std::string state = StateOf(status);
  const std::string name = HtmlEscape(record.probe);
  std::string html = "<article class=\"probe s-" + state + "\" id=\"probe-" +
                     name + "\" data-state=\"" + state + "\"><div>" +
                     "<span class=\"badge\">" + state + "</span><h2>" + name +
                     "</h2><span class=\"meta\">" + HtmlEscape(record.plugin) +
                     "</span></div>";
  if (!record.has_run) {
    return html + "<p class=\"times\">not run yet</p></article>\n";
  }
  const auto& result = record.result;
  if (state != "up" || !result.message.empty()) {
    html += "<p class=\"reason\">" +
            (state == "up" ? std::string()
                           : "<b>" + HtmlEscape(result.reason) + "</b> ") +
            HtmlEscape(result.message) + "</p>";
  }
  html += "<p class=\"times\"><span class=\"age\" title=\"" +
          ClockTime(record.finished_at) + "\">ran " +
          HumanDuration(now - record.finished_at) +
          " ago</span> · <span class=\"since\" title=\"" +
          ClockTime(status.state_since) + "\">" + state + " for " +
          HumanDuration(now - status.state_since) + " (" +
          std::to_string(status.state_runs) +
          (status.state_runs == 1 ? " run" : " runs") + ")</span>";
  if (status.history && !status.history->empty()) {
    html += " · " + RunFigures(*status.history) + "</p>" +
            HistoryStrip(*status.history);
  } else {
    html += "</p>";
  }
  if (!status.depends_on.empty()) {
    html += "<p class=\"deps\">depends on ";
    for (std::size_t i = 0; i < status.depends_on.size(); ++i) {
      const std::string dependency = HtmlEscape(status.depends_on[i]);
      html += (i > 0 ? ", " : "") + std::string("<a href=\"#probe-") +
              dependency + "\">" + dependency + "</a>";
    }
    if (!status.blocked_by.empty()) {
      html += "; <b class=\"blocked-by\">blocked by " +
              HtmlEscape(status.blocked_by) + "</b>";
    }
    html += "</p>";
  }
  return html + "<p class=\"links\"><a href=\"/probe?probe=" + name +
         "\">run now</a> (Prometheus format) · <a href=\"/api/v1/status\">"
         "JSON</a></p></article>\n";
}

}  // namespace

std::string CspHashSource(std::string_view element_text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(element_text.data()),
         element_text.size(), digest);
  unsigned char base64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
  const int length = EVP_EncodeBlock(base64, digest, SHA256_DIGEST_LENGTH);
  return "'sha256-" +
         std::string(reinterpret_cast<const char*>(base64),
                     static_cast<std::size_t>(length)) +
         "'";
}

const std::string& StatusPageContentSecurityPolicy() {
  static const std::string policy =
      "default-src 'none'; style-src " + CspHashSource(kStyle);
  return policy;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string StatusHtml(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info, double now) {
  std::vector<const model::ProbeStatus*> order;
  std::vector<std::pair<std::string, int>> counts = {
      {"up", 0},      {"degraded", 0}, {"starting", 0}, {"down", 0},
      {"blocked", 0}, {"error", 0},    {"pending", 0}};
  for (const auto& status : snapshot.probes) {
    order.push_back(&status);
    const std::string state = StateOf(status);
    for (auto& [name, count] : counts) count += name == state ? 1 : 0;
  }
  std::stable_sort(
      order.begin(), order.end(),
      [](const model::ProbeStatus* a, const model::ProbeStatus* b) {
        return Severity(StateOf(*a)) < Severity(StateOf(*b));
      });
  const int up = counts[0].second;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"refresh\" content=\"10\">"
      "<meta name=\"color-scheme\" content=\"light dark\"><title>stackprobe: " +
      std::to_string(up) + " of " + std::to_string(snapshot.probes.size()) +
      " up</title><style>" + kStyle +
      "</style></head><body><header><h1>stackprobe</h1>"
      "<p class=\"summary\" id=\"summary\">";
  for (const auto& [name, count] : counts) {
    if (count == 0 && name != "up" && name != "down") continue;
    html += "<span class=\"s-" + name + "\" data-count=\"" + name + "\">" +
            std::to_string(count) + " " + name + "</span>";
  }
  html += "</p><p class=\"meta\">" + std::to_string(snapshot.probes.size()) +
          " probes · version " + HtmlEscape(info.version) + " · config " +
          HtmlEscape(info.config_file) +
          (info.last_reload_successful ? "" : " (<b>last reload failed</b>)") +
          " · as of " + ClockTime(now) +
          ", refreshes every 10 s · <a href=\"/metrics\">metrics</a> · "
          "<a href=\"/api/v1/status\">JSON</a></p></header><main>\n";
  for (const model::ProbeStatus* status : order) {
    html += ProbeCard(*status, now);
  }
  return html + "</main></body></html>\n";
}

}  // namespace stackprobe::daemon
