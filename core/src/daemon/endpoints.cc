// SPDX-License-Identifier: Apache-2.0
#include "daemon/endpoints.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "daemon/request_guard.h"
#include "daemon/status_page.h"
#include "daemon/status_view.h"
#include "expose/format.h"
#include "expose/metrics_cache.h"
#include "expose/probe_renderer.h"
#include "expose/process_stats.h"
#include "http/gzip.h"

namespace stackprobe::daemon {
namespace {

using http::Request;
using http::Response;
using http::Router;

Response Text(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Absent until the first failure: instances are only known when they write.
std::optional<expose::ExtraFamily> FileWriteFailureFamily(
    const std::map<std::string, std::uint64_t>& failures) {
  if (failures.empty()) return std::nullopt;
  expose::ExtraFamily family{
      "stackprobe_file_write_failures_total",
      "Atomic file writes by plugins (the legacy JSON, state files) that "
      "failed and left the previous file in place, counted by the exporter.",
      SampleType::kCounter,
      {}};
  for (const auto& [instance, count] : failures) {
    family.samples.push_back(
        {Labels{{"instance", instance}}, static_cast<double>(count)});
  }
  return family;
}

std::string ActionRunJson(const ActionRun& run) {
  return nlohmann::json{{"action", run.name},
                        {"running", run.running},
                        {"progress", run.progress},
                        {"exit_code", run.exit_code},
                        {"summary", run.summary},
                        {"started_at", run.started_at},
                        {"finished_at", run.finished_at}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Adds routes to a router with every handler behind RefuseRequest.
struct GuardedRouter {
  http::Router& router;
  Runtime& runtime;
  std::shared_ptr<const std::vector<std::string>> this_host_names;

  void Add(std::string path, std::vector<std::string> methods,
           http::Handler handler,
           Router::Dispatch dispatch = Router::Dispatch::kInline) {
    router.Add(
        std::move(path), std::move(methods),
        [&runtime = runtime, names = this_host_names,
         handler = std::move(handler)](const Request& request) {
          const bool changes_state =
              request.method != "GET" && request.method != "HEAD";
          if (auto refusal = RefuseRequest(request, changes_state,
                                           runtime.AllowedHosts(), *names)) {
            return *refusal;
          }
          return handler(request);
        },
        dispatch);
  }
};

}  // namespace

std::chrono::milliseconds ProbeTimeout(
    const std::string& scrape_timeout_header,
    std::chrono::milliseconds probe_timeout) {
  if (scrape_timeout_header.empty()) {
    return probe_timeout;
  }
  double seconds = 0;
  const char* begin = scrape_timeout_header.data();
  const char* end = begin + scrape_timeout_header.size();
  const auto [ptr, ec] = std::from_chars(begin, end, seconds);
  // inf, nan, negative, zero or anything but a plain number: the header is
  // ignored, never converted (an infinite or huge value would overflow).
  if (ec != std::errc() || ptr != end || !std::isfinite(seconds) ||
      !(seconds > 0)) {
    return probe_timeout;
  }
  const double own = std::chrono::duration<double>(probe_timeout).count();
  const double bounded = std::min(std::max(0.1, seconds - 0.5), own);
  return std::chrono::milliseconds(std::llround(bounded * 1000.0));
}

void AddEndpoints(http::Router& outer_router, Runtime& runtime,
                  EndpointHooks hooks) {
  // Every route is guarded (request_guard.h): the Host must name this
  // exporter, and what is not a GET comes from no foreign origin and as no
  // form or plain text.
  GuardedRouter router{
      outer_router, runtime,
      std::make_shared<const std::vector<std::string>>(ThisHostNames())};
  auto metrics_cache = std::make_shared<expose::MetricsCache>();
  router.Add(
      "/metrics", {"GET"},
      [&runtime, hooks, metrics_cache](const Request& request) {
        const auto format = expose::NegotiateFormat(request.Header("accept"));
        std::vector<expose::ExtraFamily> extra =
            runtime.self_metrics().Families();
        if (auto failures =
                FileWriteFailureFamily(runtime.FileWriteFailures())) {
          extra.push_back(std::move(*failures));
        }
        if (hooks.web_config_reload_failures) {
          extra.push_back(expose::ExtraFamily{
              "stackprobe_web_config_reload_failures_total",
              "Changes of --web.config.file refused (broken, or "
              "turning TLS or basic auth off): the previous settings "
              "were kept.",
              SampleType::kCounter,
              {{Labels{},
                static_cast<double>(hooks.web_config_reload_failures())}}});
        }
        Response response;
        response.content_type = std::string(expose::ContentType(format));
        // Prometheus always asks for gzip: the cache compresses a snapshot's
        // text once (the server leaves a handler's own encoding alone).
        if (http::AcceptsGzip(request.Header("accept-encoding"))) {
          response.body = metrics_cache->RenderGzip(
              runtime.store().Snapshot(), runtime.Info(),
              expose::ReadProcessStats(), extra, format);
          response.headers.emplace_back("Content-Encoding", "gzip");
          response.headers.emplace_back("Vary", "Accept-Encoding");
          return response;
        }
        response.body =
            metrics_cache->Render(runtime.store().Snapshot(), runtime.Info(),
                                  expose::ReadProcessStats(), extra, format);
        return response;
      });

  router.Add(
      "/probe", {"GET"},
      [&runtime](const Request& request) {
        if (auto refusal = RefuseCrossSiteFetch(request)) return *refusal;
        const auto name = request.QueryParam("probe");
        if (!name || name->empty()) {
          return Text(400, "missing parameter: probe=NAME\n");
        }
        const std::string plugin = runtime.PluginOf(*name);
        if (plugin.empty()) {
          return Text(400, "unknown probe: " + *name + "\n");
        }
        const auto configured = runtime.CurrentConfig();
        std::chrono::milliseconds probe_timeout{5000};
        for (const auto& probe : configured.probes) {
          if (probe.name == *name) probe_timeout = probe.timeout;
        }
        const auto timeout =
            ProbeTimeout(request.Header("x-prometheus-scrape-timeout-seconds"),
                         probe_timeout);
        ProbeRecord record;
        if (const auto target = request.QueryParam("target")) {
          std::string error;
          switch (
              runtime.RunProbeAgainst(*name, *target, timeout, record, error)) {
            case TargetRunError::kNone:
              break;
            case TargetRunError::kNotAllowed:
              return Text(403, error + "\n");
            case TargetRunError::kInvalid:
              return Text(400, error + "\n");
          }
        } else if (!runtime.RunProbeNow(*name, timeout, record)) {
          return Text(400, "unknown probe: " + *name + "\n");
        }
        const auto format = expose::NegotiateFormat(request.Header("accept"));
        Response response;
        response.content_type = std::string(expose::ContentType(format));
        response.body = expose::RenderProbe(record, plugin, format);
        return response;
      },
      Router::Dispatch::kBlocking);

  router.Add("/-/healthy", {"GET"},
             [](const Request&) { return Text(200, "Healthy\n"); });
  router.Add("/-/ready", {"GET"},
             [](const Request&) { return Text(200, "Ready\n"); });

  router.Add(
      "/-/reload", {"POST", "PUT"},
      [&runtime, hooks](const Request&) {
        std::string error;
        const bool ok =
            hooks.reload ? hooks.reload(error) : runtime.Reload(error);
        return ok ? Text(200, "reloaded\n")
                  : Text(500,
                         "reload failed, the previous config keeps "
                         "running: " +
                             error + "\n");
      },
      Router::Dispatch::kBlocking);

  router.Add("/", {"GET"}, [&runtime](const Request&) {
    Response response;
    response.content_type = "text/html; charset=utf-8";
    response.headers.emplace_back("Content-Security-Policy",
                                  StatusPageContentSecurityPolicy());
    response.body = StatusHtml(*runtime.store().Snapshot(), runtime.Info(),
                               schedule::UnixNow());
    return response;
  });

  // The dashboards' "Start AI stack" button. Off unless the config enables
  // it, and only for loopback clients: starting containers is not for
  // anyone who can reach the port.
  router.Add(
      "/api/v1/actions/start", {"GET", "POST"},
      [&runtime](const Request& request) {
        Response response;
        response.content_type = "application/json";
        if (!runtime.CurrentConfig().api.actions_enabled) {
          response.status = 403;
          response.body =
              R"({"error":"actions are disabled; set api.actions_enabled: true"})";
          return response;
        }
        if (!request.remote_is_loopback) {
          response.status = 403;
          response.body =
              R"({"error":"actions are only accepted from loopback clients"})";
          return response;
        }
        if (request.method == "POST") {
          switch (runtime.StartAction("start", {})) {
            case ActionStartError::kUnknown:
              response.status = 404;
              response.body =
                  R"({"error":"no action named start is configured"})";
              return response;
            case ActionStartError::kAlreadyRunning:
              response.status = 409;
              break;
            case ActionStartError::kNone:
              response.status = 202;
              break;
          }
        }
        response.body = ActionRunJson(runtime.LastAction());
        return response;
      });

  router.Add("/api/v1/status", {"GET"}, [&runtime](const Request& request) {
    Response response;
    response.content_type = "application/json";
    response.body = StatusJson(*runtime.store().Snapshot(), runtime.Info(),
                               request.QueryParam("pretty").has_value());
    return response;
  });
}

}  // namespace stackprobe::daemon
