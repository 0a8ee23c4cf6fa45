// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/fake_stack.h"

#include <deque>
#include <mutex>
#include <stdexcept>

#include "service_replies.h"
#include "stackprobe/fake_stack/loopback_server.h"

#ifndef STACKPROBE_FIXTURES_DIR
#define STACKPROBE_FIXTURES_DIR "tests/fixtures"
#endif

namespace stackprobe::fake_stack {
namespace {

// AIDB keeps GET /health* answers in redis for this long (X-Cache: HIT);
// a query string bypasses the cache.
constexpr std::chrono::seconds kAidbCacheTtl{30};
constexpr std::size_t kMaxLoggedRequests = 1000;

struct ScenarioEntry {
  Scenario scenario;
  std::string_view name;
};

constexpr ScenarioEntry kScenarios[] = {
    {Scenario::kHealthy, "healthy"},
    {Scenario::kLoading, "loading"},
    {Scenario::kError, "error"},
    {Scenario::kDegraded, "degraded"},
    {Scenario::kBreakerOpen, "breaker_open"},
    {Scenario::kDim768, "dim768"},
    {Scenario::kMissingCollection, "missing_collection"},
    {Scenario::kDown, "down"},
    {Scenario::kSlow, "slow"},
    {Scenario::kGarbageHtml, "garbage_html"},
    {Scenario::kTruncatedJson, "truncated_json"},
};

}  // namespace

std::string_view ServiceName(Service service) {
  switch (service) {
    case Service::kEmbeddings:
      return "embeddings";
    case Service::kAidb:
      return "aidb";
    case Service::kHybrid:
      return "hybrid";
    case Service::kQdrant:
      return "qdrant";
    case Service::kLlama:
      return "llama";
  }
  return "unknown";
}

std::optional<Service> ParseService(std::string_view name) {
  if (name == "hybrid_coordinator") return Service::kHybrid;
  if (name == "llama_cpp") return Service::kLlama;
  for (Service service : kAllServices) {
    if (ServiceName(service) == name) return service;
  }
  return std::nullopt;
}

std::string_view ScenarioName(Scenario scenario) {
  for (const auto& entry : kScenarios) {
    if (entry.scenario == scenario) return entry.name;
  }
  return "unknown";
}

std::optional<Scenario> ParseScenario(std::string_view name) {
  if (name == "ok") return Scenario::kHealthy;
  if (name == "garbage") return Scenario::kGarbageHtml;
  for (const auto& entry : kScenarios) {
    if (entry.name == name) return entry.scenario;
  }
  return std::nullopt;
}

bool Supports(Service service, Scenario scenario) {
  switch (scenario) {
    case Scenario::kHealthy:
    case Scenario::kDown:
    case Scenario::kSlow:
    case Scenario::kGarbageHtml:
    case Scenario::kTruncatedJson:
      return true;
    case Scenario::kLoading:
      return service == Service::kEmbeddings || service == Service::kLlama;
    case Scenario::kError:
      return service == Service::kEmbeddings || service == Service::kAidb;
    case Scenario::kDegraded:
    case Scenario::kBreakerOpen:
      return service == Service::kAidb;
    case Scenario::kDim768:
    case Scenario::kMissingCollection:
      return service == Service::kQdrant;
  }
  return false;
}

std::uint16_t DefaultPort(Service service) {
  switch (service) {
    case Service::kEmbeddings:
      return 8081;
    case Service::kAidb:
      return 8091;
    case Service::kHybrid:
      return 8092;
    case Service::kQdrant:
      return 6333;
    case Service::kLlama:
      return 8080;
  }
  return 0;
}

const std::string& ServiceEndpoints::Of(Service service) const {
  switch (service) {
    case Service::kEmbeddings:
      return embeddings;
    case Service::kAidb:
      return aidb;
    case Service::kHybrid:
      return hybrid;
    case Service::kQdrant:
      return qdrant;
    case Service::kLlama:
      return llama;
  }
  return embeddings;
}

struct FakeStack::Impl {
  struct ServiceState {
    Service service = Service::kEmbeddings;
    Scenario scenario = Scenario::kHealthy;
    std::unique_ptr<LoopbackServer> server;
    std::deque<std::string> requests;
  };

  explicit Impl(FakeStackOptions opts)
      : options(std::move(opts)),
        fixtures(options.fixtures_dir.empty() ? STACKPROBE_FIXTURES_DIR
                                              : options.fixtures_dir) {}

  HttpReply Handle(ServiceState& state, const HttpExchange& request) {
    Scenario scenario;
    {
      std::lock_guard<std::mutex> lock(mutex);
      scenario = state.scenario;
      state.requests.push_back(request.method + " " + request.target);
      if (state.requests.size() > kMaxLoggedRequests) {
        state.requests.pop_front();
      }
    }
    HttpReply reply = ReplyFor(state.service, scenario, fixtures, request);
    if (scenario == Scenario::kSlow) reply.delay = options.slow_delay;
    if (state.service == Service::kAidb && request.method == "GET" &&
        request.Path().rfind("/health", 0) == 0) {
      ApplyAidbCache(request, reply);
    }
    return reply;
  }

  // Plays AIDB's redis cache, so a probe that forgets its cache-busting
  // query string sees stale answers, as it would against the real service.
  void ApplyAidbCache(const HttpExchange& request, HttpReply& reply) {
    if (!request.Query().empty()) {
      reply.headers.emplace_back("X-Cache", "MISS");
      return;
    }
    std::lock_guard<std::mutex> lock(mutex);
    auto now = std::chrono::steady_clock::now();
    auto& entry = aidb_cache[request.Path()];
    if (entry.stored.time_since_epoch().count() != 0 &&
        now - entry.stored < kAidbCacheTtl) {
      reply.body = entry.body;
      reply.status = entry.status;
      reply.headers.emplace_back("X-Cache", "HIT");
      return;
    }
    entry = {now, reply.status, reply.body};
    reply.headers.emplace_back("X-Cache", "MISS");
  }

  struct CacheEntry {
    std::chrono::steady_clock::time_point stored;
    int status = 0;
    std::string body;
  };

  FakeStackOptions options;
  Fixtures fixtures;
  mutable std::mutex mutex;
  std::map<Service, ServiceState> services;
  std::map<std::string, CacheEntry> aidb_cache;
};

FakeStack::FakeStack(FakeStackOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  for (Service service : kAllServices) {
    auto& state = impl_->services[service];
    state.service = service;
    auto port_it = impl_->options.ports.find(service);
    std::uint16_t port =
        port_it == impl_->options.ports.end() ? 0 : port_it->second;
    state.server = std::make_unique<LoopbackServer>(
        port, [impl = impl_.get(), &state](const HttpExchange& request) {
          return impl->Handle(state, request);
        });
  }
  for (Service service : kAllServices) impl_->services[service].server->Start();
}

FakeStack::~FakeStack() {
  for (auto& [service, state] : impl_->services) state.server->Stop();
}

ServiceEndpoints FakeStack::endpoints() const {
  auto url = [this](Service service) {
    return "http://127.0.0.1:" +
           std::to_string(impl_->services.at(service).server->port());
  };
  return ServiceEndpoints{url(Service::kEmbeddings), url(Service::kAidb),
                          url(Service::kHybrid), url(Service::kQdrant),
                          url(Service::kLlama)};
}

void FakeStack::Set(Service service, Scenario scenario) {
  if (!Supports(service, scenario)) {
    throw std::invalid_argument(std::string(ServiceName(service)) +
                                " cannot play " +
                                std::string(ScenarioName(scenario)));
  }
  auto& state = impl_->services.at(service);
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    // The AIDB cache survives scenario changes, as redis does.
    state.scenario = scenario;
  }
  if (scenario == Scenario::kDown) {
    state.server->Stop();
  } else {
    state.server->Start();
  }
}

Scenario FakeStack::Get(Service service) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->services.at(service).scenario;
}

std::vector<std::string> FakeStack::Requests(Service service) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const auto& requests = impl_->services.at(service).requests;
  return {requests.begin(), requests.end()};
}

}  // namespace stackprobe::fake_stack
