// SPDX-License-Identifier: Apache-2.0
#include "postgres_cluster.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace stackprobe::testing {
namespace {

std::string Bin(const char* name) {
  return std::string(kPostgresBinDir) + "/" + name;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

PostgresCluster::PostgresCluster(PostgresClusterOptions options)
    : superuser_(std::move(options.superuser)) {
  for (const char* tool : {"initdb", "postgres", "psql", "pg_isready"}) {
    if (!IsExecutable(Bin(tool))) {
      throw std::runtime_error(Bin(tool) +
                               " is missing: install the postgresql package");
    }
  }
  as_root_ = geteuid() == 0;
  char templ[] = "/tmp/stackprobe-pg-XXXXXX";
  if (mkdtemp(templ) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = templ;
  data_dir_ = dir_ + "/data";
  if (as_root_) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) {
      throw std::runtime_error(
          "running as root needs the postgres system user");
    }
    if (chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("cannot chown " + dir_);
    }
  }
  port_ = options.port != 0 ? options.port : FreeLoopbackPort();
  std::string output;
  const int rc =
      RunToCompletion(AsServerUser({Bin("initdb"), "--no-sync", "--auth=trust",
                                    "--username=" + superuser_,
                                    "--encoding=UTF8",
                                    "--locale=C", "-D", data_dir_}),
                      output);
  if (rc != 0) throw std::runtime_error("initdb failed: " + output);
  {
    std::ofstream conf(data_dir_ + "/postgresql.conf", std::ios::app);
    conf << "listen_addresses = '127.0.0.1'\n"
         << "port = " << port_ << "\n"
         << "unix_socket_directories = '" << dir_ << "'\n"
         << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
         << "shared_buffers = 16MB\nmax_connections = 20\n"
         << "password_encryption = 'scram-sha-256'\n";
    std::ofstream hba(data_dir_ + "/pg_hba.conf", std::ios::trunc);
    hba << "local all all trust\n";
    if (options.trust_superuser_over_tcp) {
      hba << "host all " << superuser_ << " 127.0.0.1/32 trust\n";
    }
    hba << "host all all 127.0.0.1/32 scram-sha-256\n";
  }
  Start();
}

PostgresCluster::~PostgresCluster() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> PostgresCluster::AsServerUser(
    std::vector<std::string> argv) const {
  if (!as_root_) return argv;
  std::vector<std::string> wrapped{"setpriv", "--reuid=postgres",
                                   "--regid=postgres", "--init-groups"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

void PostgresCluster::Start() {
  server_ = std::make_unique<ChildProcess>(
      AsServerUser({Bin("postgres"), "-D", data_dir_}), dir_ + "/postgres.log");
  const std::string port = std::to_string(port_);
  const bool ready = PollUntil(
      [&] {
        std::string ignored;
        return RunToCompletion({Bin("pg_isready"), "-q", "-h", "127.0.0.1",
                                "-p", port, "-t", "1"},
                               ignored) == 0;
      },
      std::chrono::seconds(30));
  if (!ready) {
    throw std::runtime_error("postgres did not accept connections in 30 s: " +
                             ReadAll(dir_ + "/postgres.log"));
  }
}

void PostgresCluster::Stop() {
  // SIGINT is PostgreSQL's fast shutdown.
  if (server_) server_->Stop(SIGINT, std::chrono::seconds(15));
}

void PostgresCluster::Psql(const std::string& sql,
                           const std::string& database) {
  std::string output;
  const int rc = RunToCompletion(
      {Bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir_, "-p",
       std::to_string(port_), "-U", superuser_, "-d", database, "-c", sql},
      output);
  if (rc != 0) throw std::runtime_error("psql failed: " + sql + ": " + output);
}

}  // namespace stackprobe::testing
