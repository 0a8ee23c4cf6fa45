// SPDX-License-Identifier: Apache-2.0
#include "test_pki.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "host/command_runner.h"

namespace stackprobe::web::testing {

void RunOrThrow(const std::string& what, const std::vector<std::string>& argv) {
  CommandRequest request;
  request.argv = argv;
  request.inherit_env = true;
  request.timeout = std::chrono::seconds(20);
  const auto result = host::RunCommand(
      request, std::chrono::steady_clock::now() + std::chrono::seconds(21));
  if (!result.started) {
    throw std::runtime_error(what + ": cannot run " + argv.front() + ": " +
                             result.error + " (install the openssl package)");
  }
  if (result.exit_code != 0) {
    throw std::runtime_error(what + " failed: " + result.stderr_data);
  }
}

TestPki::TestPki(std::string dir, const std::string& name)
    : dir_(std::move(dir)) {
  ca_ = {dir_ + "/" + name + ".crt", dir_ + "/" + name + ".key"};
  RunOrThrow("making the test CA", {"openssl",
                                    "req",
                                    "-x509",
                                    "-newkey",
                                    "ec",
                                    "-pkeyopt",
                                    "ec_paramgen_curve:P-256",
                                    "-nodes",
                                    "-keyout",
                                    ca_.key,
                                    "-out",
                                    ca_.cert,
                                    "-days",
                                    "1",
                                    "-subj",
                                    "/CN=stackprobe test " + name,
                                    "-addext",
                                    "basicConstraints=critical,CA:TRUE",
                                    "-addext",
                                    "keyUsage=critical,keyCertSign,cRLSign"});
}

CertFiles TestPki::Issue(const std::string& name, bool server, int serial,
                         int days) const {
  const CertFiles files{dir_ + "/" + name + ".crt", dir_ + "/" + name + ".key"};
  const std::string request = dir_ + "/" + name + ".csr";
  const std::string extensions = dir_ + "/" + name + ".ext";
  std::ofstream(extensions)
      << (server ? "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                   "extendedKeyUsage=serverAuth\n"
                 : "extendedKeyUsage=clientAuth\n");
  RunOrThrow("making a key for " + name,
             {"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:P-256", "-nodes", "-keyout", files.key, "-out",
              request, "-subj", "/CN=" + name});
  RunOrThrow(
      "signing " + name,
      {"openssl", "x509", "-req", "-in", request, "-CA", ca_.cert, "-CAkey",
       ca_.key, "-set_serial", std::to_string(serial), "-days",
       std::to_string(days), "-extfile", extensions, "-out", files.cert});
  return files;
}

}  // namespace stackprobe::web::testing
