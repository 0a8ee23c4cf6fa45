// SPDX-License-Identifier: Apache-2.0
//
// A fake of the self-hosted AI stack (embeddings, AIDB, hybrid coordinator,
// Qdrant, llama.cpp) on 127.0.0.1, serving the bodies recorded in
// tests/fixtures/. Each service plays a scenario that can be changed at run
// time, so tests and demos can make a service fail and recover.
#ifndef STACKPROBE_FAKE_STACK_FAKE_STACK_H_
#define STACKPROBE_FAKE_STACK_FAKE_STACK_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::fake_stack {

/// The services of the stack.
enum class Service { kEmbeddings, kAidb, kHybrid, kQdrant, kLlama };

/// Every service, in a fixed order.
inline constexpr Service kAllServices[] = {Service::kEmbeddings, Service::kAidb,
                                           Service::kHybrid, Service::kQdrant,
                                           Service::kLlama};

/// What a service plays. Not every scenario fits every service (see
/// Supports); kHealthy is "ok" for the services whose status says ok.
enum class Scenario {
  kHealthy,            ///< Every service.
  kLoading,            ///< embeddings, llama: /health 503 while a model
                       ///< loads (llama still lists it on /v1/models).
  kError,              ///< embeddings: 503 model error; aidb: database error.
  kDegraded,           ///< aidb: pgvector missing, ml_engine disabled.
  kBreakerOpen,        ///< aidb: a circuit breaker OPEN, llama_cpp error.
  kDim768,             ///< qdrant: every collection has 768-d vectors.
  kMissingCollection,  ///< qdrant: interaction-history does not exist.
  kDown,               ///< Every service: the port refuses connections.
  kSlow,               ///< Every service: healthy answers after slow_delay.
  kGarbageHtml,        ///< Every service: HTTP 500 with an HTML page.
  kTruncatedJson,      ///< Every service: HTTP 200, JSON cut in the middle.
};

/// Lower-case name of a service: "embeddings", "aidb", "hybrid", "qdrant",
/// "llama".
std::string_view ServiceName(Service service);
/// Parses a service name (also accepts "hybrid_coordinator", "llama_cpp").
std::optional<Service> ParseService(std::string_view name);
/// Lower-case name of a scenario: "healthy", "loading", "dim768", ...
std::string_view ScenarioName(Scenario scenario);
/// Parses a scenario name ("ok" is accepted for kHealthy).
std::optional<Scenario> ParseScenario(std::string_view name);
/// True when `service` can play `scenario`.
bool Supports(Service service, Scenario scenario);
/// The port the real service listens on (8081, 8091, 8092, 6333, 8080).
std::uint16_t DefaultPort(Service service);

/// How to build a FakeStack.
struct FakeStackOptions {
  /// Fixed port per service; a service not listed (or 0) gets an ephemeral
  /// port, kept across down/up.
  std::map<Service, std::uint16_t> ports;
  /// Folder holding embeddings/, qdrant/, aidb/, llama_cpp/ and
  /// hybrid_coordinator/ fixture folders. Empty: the source tree's
  /// tests/fixtures (compiled in).
  std::string fixtures_dir;
  /// Delay of Scenario::kSlow.
  std::chrono::milliseconds slow_delay{2000};
};

/// Base URL of each service, e.g. "http://127.0.0.1:8081".
struct ServiceEndpoints {
  std::string embeddings;
  std::string aidb;
  std::string hybrid;
  std::string qdrant;
  std::string llama;
  /// The URL of `service`.
  const std::string& Of(Service service) const;
};

/// The fake stack. Every service starts healthy. Thread-safe.
class FakeStack {
 public:
  /// Loads the fixtures and starts every service. Throws std::runtime_error
  /// when a fixture is missing or a port cannot be bound.
  explicit FakeStack(FakeStackOptions options);
  /// Stops every service.
  ~FakeStack();
  FakeStack(const FakeStack&) = delete;
  FakeStack& operator=(const FakeStack&) = delete;

  /// Base URLs (stable for the object's life, also while a service is down).
  ServiceEndpoints endpoints() const;
  /// Switches `service` to `scenario`; kDown closes its port, anything else
  /// (re)opens it. Throws std::invalid_argument when unsupported.
  void Set(Service service, Scenario scenario);
  /// The scenario `service` plays now.
  Scenario Get(Service service) const;
  /// Requests each service has answered (for assertions on probe traffic).
  std::vector<std::string> Requests(Service service) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stackprobe::fake_stack

#endif  // STACKPROBE_FAKE_STACK_FAKE_STACK_H_
