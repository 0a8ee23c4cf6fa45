// SPDX-License-Identifier: Apache-2.0
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <utility>

#include "http/connection.h"
#include "http/listen_address.h"
#include "http/server_metrics.h"

namespace stackprobe::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class ServerImpl {
 public:
  ServerImpl(ServerOptions options, Router router)
      : options_(std::move(options)),
        router_(std::move(router)),
        metrics_registry_(options_.metrics_registry != nullptr
                              ? options_.metrics_registry
                              : std::make_shared<prometheus::Registry>()),
        metrics_(*metrics_registry_),
        registry_(options_.max_connections,
                  options_.max_connections_per_client) {}

  ~ServerImpl() { Stop(); }

  void Start();
  void Stop();
  std::vector<std::string> BoundAddresses() const { return bound_; }
  ServerStats Stats() const;

 private:
  void Listen(const std::string& text);
  void Accept(tcp::acceptor& acceptor);
  void RetryAcceptLater(tcp::acceptor& acceptor);
  void OnAccept(tcp::socket socket);
  template <class ConnectionPtr>
  void Admit(ConnectionPtr connection);

  const ServerOptions options_;
  const Router router_;
  const std::shared_ptr<prometheus::Registry> metrics_registry_;
  ServerMetrics metrics_;
  std::atomic<std::uint64_t> pending_response_bytes_{0};
  ConnectionRegistry registry_;
  std::unique_ptr<BlockingPool> pool_;
  std::unique_ptr<BlockingPool> auth_pool_;
  InlineAllowance inline_blocking_{std::max(options_.io_threads, 1) - 1};
  // Declared before what uses it; Stop() destroys everything in order.
  std::unique_ptr<asio::io_context> io_;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
  std::vector<std::string> bound_;
  std::vector<std::thread> threads_;
};

namespace {

bool IsLoopback(const asio::ip::address& address) {
  if (address.is_loopback()) return true;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6())
        .is_loopback();
  }
  return false;
}

}  // namespace

void ServerImpl::Start() {
  if (io_ != nullptr) throw std::logic_error("http server already started");
  std::vector<ListenAddress> parsed;
  for (const std::string& text : options_.listen) {
    parsed.push_back(ParseListenAddress(text));
  }
  io_ = std::make_unique<asio::io_context>(std::max(options_.io_threads, 1));
  try {
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      Listen(options_.listen[i]);
    }
  } catch (...) {
    acceptors_.clear();
    bound_.clear();
    io_.reset();
    throw;
  }
  pool_ = std::make_unique<BlockingPool>(options_.blocking_threads,
                                         options_.blocking_queue_size);
  auth_pool_ = std::make_unique<BlockingPool>(options_.auth_threads,
                                              options_.auth_queue_size);
  for (auto& acceptor : acceptors_) Accept(*acceptor);
  const int thread_count = std::max(options_.io_threads, 1);
  for (int i = 0; i < thread_count; ++i) {
    threads_.emplace_back([this] { io_->run(); });
  }
}

void ServerImpl::Listen(const std::string& text) {
  const ListenAddress address = ParseListenAddress(text);
  const auto fail = [&](const boost::system::error_code& ec) {
    throw std::runtime_error("cannot listen on " + text + ": " + ec.message());
  };
  boost::system::error_code ec;
  const asio::ip::address ip = asio::ip::make_address(address.host, ec);
  if (ec) fail(ec);
  const tcp::endpoint endpoint(ip, address.port);
  auto acceptor = std::make_unique<tcp::acceptor>(*io_);
  if (acceptor->open(endpoint.protocol(), ec)) fail(ec);
  if (ip.is_v6() && acceptor->set_option(asio::ip::v6_only(true), ec)) {
    fail(ec);
  }
  if (acceptor->set_option(asio::socket_base::reuse_address(true), ec)) {
    fail(ec);
  }
  if (acceptor->bind(endpoint, ec)) fail(ec);
  if (acceptor->listen(asio::socket_base::max_listen_connections, ec)) {
    fail(ec);
  }
  const tcp::endpoint local = acceptor->local_endpoint(ec);
  if (ec) fail(ec);
  bound_.push_back(FormatHostPort(local.address().to_string(), local.port()));
  spdlog::info("http listening address={}", bound_.back());
  acceptors_.push_back(std::move(acceptor));
}

void ServerImpl::Accept(tcp::acceptor& acceptor) {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor.async_accept(
      asio::make_strand(*io_),
      [this, &acceptor](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (ec) {
          // Out of descriptors, typically: retrying at once would spin.
          spdlog::warn("http accept failed error=\"{}\"", ec.message());
          return RetryAcceptLater(acceptor);
        }
        OnAccept(std::move(socket));
        Accept(acceptor);
      });
}

void ServerImpl::RetryAcceptLater(tcp::acceptor& acceptor) {
  auto timer = std::make_shared<asio::steady_timer>(
      *io_, std::chrono::milliseconds(100));
  timer->async_wait([this, &acceptor, timer](boost::system::error_code ec) {
    if (!ec) Accept(acceptor);
  });
}

void ServerImpl::OnAccept(tcp::socket socket) {
  boost::system::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) {  // The peer left already.
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  // From here the connection's destructor owns the open-connection count.
  metrics_.connections_open.Increment();
  const ConnectionContext context{options_,
                                  router_,
                                  *pool_,
                                  *auth_pool_,
                                  inline_blocking_,
                                  metrics_,
                                  pending_response_bytes_};
  std::shared_ptr<const SecurityPolicy> policy;
  if (options_.security) policy = options_.security();
  const std::string address = remote.address().to_string();
  const bool loopback = IsLoopback(remote.address());
  if (policy != nullptr && policy->tls != nullptr) {
    using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
    // The wrapper adopts one reference; the stream's SSL object takes its
    // own, so the wrapper may go when the stream is built.
    SSL_CTX_up_ref(policy->tls.get());
    asio::ssl::context wrapper(policy->tls.get());
    Admit(std::make_shared<Connection<TlsStream>>(
        TlsStream(boost::beast::tcp_stream(std::move(socket)), wrapper),
        context, address, loopback, std::move(policy)));
    return;
  }
  Admit(std::make_shared<Connection<boost::beast::tcp_stream>>(
      boost::beast::tcp_stream(std::move(socket)), context, address, loopback,
      std::move(policy)));
}

template <class ConnectionPtr>
void ServerImpl::Admit(ConnectionPtr connection) {
  std::vector<ConnectionRegistry::Evict> evictions;
  auto slot = registry_.Admit(connection->RemoteAddress(),
                              connection->EvictCallback(), evictions);
  for (auto& evict : evictions) evict();
  if (slot == nullptr) {
    // Every connection that could make room is busy: this one closes as it
    // is destroyed.
    metrics_.connections_rejected.Increment();
    return;
  }
  metrics_.connections_accepted.Increment();
  connection->Start(std::move(slot));
}

void ServerImpl::Stop() {
  if (io_ == nullptr) return;
  io_->stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // Running blocking handlers finish and post into the stopped context,
  // where their completions are destroyed with it.
  pool_->Stop();
  auth_pool_->Stop();
  acceptors_.clear();
  // Destroying the context destroys every pending handler and with them the
  // connections they own, which closes their sockets.
  io_.reset();
}

ServerStats ServerImpl::Stats() const {
  ServerStats stats = metrics_.Read();
  stats.pending_response_bytes = pending_response_bytes_.load();
  stats.blocking_queued = pool_ != nullptr ? pool_->Queued() : 0;
  return stats;
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<ServerImpl>(std::move(options),
                                         std::move(router))) {}

Server::~Server() = default;

void Server::Start() { impl_->Start(); }

std::vector<std::string> Server::BoundAddresses() const {
  return impl_->BoundAddresses();
}

void Server::Stop() { impl_->Stop(); }

ServerStats Server::Stats() const { return impl_->Stats(); }

}  // namespace stackprobe::http
