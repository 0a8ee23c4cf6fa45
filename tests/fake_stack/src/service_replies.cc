// SPDX-License-Identifier: Apache-2.0
#include "service_replies.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace stackprobe::fake_stack {
namespace {

const std::vector<std::string>& FixtureFiles() {
  static const std::vector<std::string> kFiles = {
      "embeddings/health_ok.json",
      "embeddings/health_loading.json",
      "embeddings/health_error.json",
      "embeddings/embed_384.json",
      "aidb/health_ok.json",
      "aidb/health_error_database.json",
      "aidb/health_degraded.json",
      "aidb/health_breaker_open.json",
      "hybrid_coordinator/health.json",
      "hybrid_coordinator/stats.json",
      "qdrant/healthz.txt",
      "qdrant/collections.json",
      "qdrant/collections_missing.json",
      "qdrant/collection_codebase-context.json",
      "qdrant/collection_skills-patterns.json",
      "qdrant/collection_error-solutions.json",
      "qdrant/collection_interaction-history.json",
      "qdrant/collection_best-practices.json",
      "llama_cpp/health_ok.json",
      "llama_cpp/health_loading.json",
      "llama_cpp/models.json",
  };
  return kFiles;
}

HttpReply Json(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

HttpReply Text(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = std::move(body);
  return reply;
}

HttpReply NotFound() { return Json(404, R"({"detail":"Not Found"})"); }

std::string ReplaceAll(std::string text, const std::string& from,
                       const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// The fixture holds one 384-d vector; /embed answers one copy per input.
HttpReply Embed(const Fixtures& fixtures, const HttpExchange& request) {
  const std::string& one = fixtures.Get("embeddings/embed_384.json");
  std::string vector = one.substr(1, one.size() - 2);  // strip the outer []
  // Counting top-level strings of {"inputs":[...]} is enough for a fake.
  std::size_t inputs = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < request.body.size(); ++i) {
    char c = request.body[i];
    if (in_string && c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = !in_string;
      if (in_string) ++inputs;
    }
  }
  inputs = inputs > 1 ? inputs - 1 : 1;  // minus the "inputs" key
  std::string body = "[";
  for (std::size_t i = 0; i < inputs; ++i) {
    if (i > 0) body += ", ";
    body += vector;
  }
  return Json(200, body + "]");
}

HttpReply Embeddings(Scenario scenario, const Fixtures& fixtures,
                     const HttpExchange& request) {
  std::string path = request.Path();
  std::string unhealthy;
  if (scenario == Scenario::kLoading) {
    unhealthy = fixtures.Get("embeddings/health_loading.json");
  } else if (scenario == Scenario::kError) {
    unhealthy = fixtures.Get("embeddings/health_error.json");
  }
  if (path == "/health") {
    return unhealthy.empty()
               ? Json(200, fixtures.Get("embeddings/health_ok.json"))
               : Json(503, unhealthy);
  }
  if (path == "/embed" && request.method == "POST") {
    return unhealthy.empty() ? Embed(fixtures, request) : Json(503, unhealthy);
  }
  return NotFound();
}

HttpReply Aidb(Scenario scenario, const Fixtures& fixtures,
               const HttpExchange& request) {
  std::string body = fixtures.Get("aidb/health_ok.json");
  if (scenario == Scenario::kError) {
    body = fixtures.Get("aidb/health_error_database.json");
  } else if (scenario == Scenario::kDegraded) {
    body = fixtures.Get("aidb/health_degraded.json");
  } else if (scenario == Scenario::kBreakerOpen) {
    body = fixtures.Get("aidb/health_breaker_open.json");
  }
  std::string path = request.Path();
  if (path.rfind("/health", 0) == 0) return Json(200, body);
  if (path == "/readyz") {
    return Json(scenario == Scenario::kError ? 503 : 200, body);
  }
  return NotFound();
}

HttpReply Hybrid(const Fixtures& fixtures, const HttpExchange& request) {
  std::string path = request.Path();
  if (path == "/health") {
    return Json(200, fixtures.Get("hybrid_coordinator/health.json"));
  }
  if (path == "/stats") {
    return Json(200, fixtures.Get("hybrid_coordinator/stats.json"));
  }
  return NotFound();
}

HttpReply Qdrant(Scenario scenario, const Fixtures& fixtures,
                 const HttpExchange& request) {
  std::string path = request.Path();
  if (path == "/healthz" || path == "/livez") {
    return Text(200, fixtures.Get("qdrant/healthz.txt"));
  }
  if (path == "/readyz") return Text(200, "all shards are ready");
  if (path == "/collections") {
    return Json(200, fixtures.Get(scenario == Scenario::kMissingCollection
                                      ? "qdrant/collections_missing.json"
                                      : "qdrant/collections.json"));
  }
  const std::string prefix = "/collections/";
  if (path.rfind(prefix, 0) == 0) {
    std::string name = path.substr(prefix.size());
    bool missing = scenario == Scenario::kMissingCollection &&
                   name == "interaction-history";
    std::string file = "qdrant/collection_" + name + ".json";
    if (missing || name.find('/') != std::string::npos ||
        name.find('.') != std::string::npos) {
      file.clear();
    }
    try {
      if (!file.empty()) {
        std::string body = fixtures.Get(file);
        if (scenario == Scenario::kDim768) {
          body = ReplaceAll(body, "\"size\":384", "\"size\":768");
        }
        return Json(200, body);
      }
    } catch (const std::out_of_range&) {
    }
    return Json(404, "{\"status\":{\"error\":\"Not found: Collection `" + name +
                         "` doesn't exist!\"},\"time\":0.0}");
  }
  return NotFound();
}

HttpReply Llama(Scenario scenario, const Fixtures& fixtures,
                const HttpExchange& request) {
  std::string path = request.Path();
  bool loading = scenario == Scenario::kLoading;
  if (path == "/health") {
    return loading ? Json(503, fixtures.Get("llama_cpp/health_loading.json"))
                   : Json(200, fixtures.Get("llama_cpp/health_ok.json"));
  }
  // The real server lists the model it loads while /health is still 503.
  if (path == "/v1/models") {
    return Json(200, fixtures.Get("llama_cpp/models.json"));
  }
  return NotFound();
}

HttpReply Healthy(Service service, Scenario scenario, const Fixtures& fixtures,
                  const HttpExchange& request) {
  switch (service) {
    case Service::kEmbeddings:
      return Embeddings(scenario, fixtures, request);
    case Service::kAidb:
      return Aidb(scenario, fixtures, request);
    case Service::kHybrid:
      return Hybrid(fixtures, request);
    case Service::kQdrant:
      return Qdrant(scenario, fixtures, request);
    case Service::kLlama:
      return Llama(scenario, fixtures, request);
  }
  return NotFound();
}

}  // namespace

Fixtures::Fixtures(const std::string& dir) {
  for (const auto& file : FixtureFiles()) {
    std::ifstream in(dir + "/" + file, std::ios::binary);
    if (!in) {
      throw std::runtime_error("fake stack: missing fixture " + dir + "/" +
                               file);
    }
    std::ostringstream content;
    content << in.rdbuf();
    bodies_[file] = content.str();
  }
}

const std::string& Fixtures::Get(const std::string& relative_path) const {
  return bodies_.at(relative_path);
}

HttpReply ReplyFor(Service service, Scenario scenario, const Fixtures& fixtures,
                   const HttpExchange& request) {
  if (scenario == Scenario::kGarbageHtml) {
    HttpReply reply;
    reply.status = 500;
    reply.content_type = "text/html; charset=utf-8";
    reply.body =
        "<!doctype html>\n<html><head><title>500 Internal Server Error</title>"
        "</head><body><h1>Internal Server Error</h1><p>The server encountered "
        "an internal error.</p></body></html>\n";
    return reply;
  }
  Scenario base =
      scenario == Scenario::kSlow || scenario == Scenario::kTruncatedJson
          ? Scenario::kHealthy
          : scenario;
  HttpReply reply = Healthy(service, base, fixtures, request);
  if (scenario == Scenario::kTruncatedJson) {
    // A complete HTTP answer whose JSON stops half way, as a crashing
    // worker may write it.
    reply.status = 200;
    reply.body = reply.body.substr(0, reply.body.size() / 2);
  }
  return reply;
}

}  // namespace stackprobe::fake_stack
