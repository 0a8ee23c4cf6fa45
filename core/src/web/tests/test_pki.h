// SPDX-License-Identifier: Apache-2.0
//
// A throwaway certificate authority for TLS tests, made with the openssl
// command (argv, no shell): a CA, server certificates for 127.0.0.1 and
// client certificates, all EC P-256 (fast to generate).
#ifndef STACKPROBE_WEB_TESTS_TEST_PKI_H_
#define STACKPROBE_WEB_TESTS_TEST_PKI_H_

#include <string>
#include <vector>

namespace stackprobe::web::testing {

/// A certificate and its key, as PEM file paths.
struct CertFiles {
  std::string cert;
  std::string key;
};

/// A CA in a folder of the caller's. Not thread-safe.
class TestPki {
 public:
  /// Creates the CA (`dir`/`name`.crt, .key) valid for one day. Throws
  /// std::runtime_error with openssl's output when openssl fails or is
  /// missing (CI installs it: that is a failure, not a skip).
  TestPki(std::string dir, const std::string& name = "ca");

  /// Issues `dir`/`name`.crt and .key signed by this CA with `serial`,
  /// valid for `days`. A server certificate gets subjectAltName IP:127.0.0.1
  /// and DNS:localhost and serverAuth; a client one clientAuth.
  CertFiles Issue(const std::string& name, bool server, int serial,
                  int days = 1) const;

  /// The CA certificate (PEM path).
  const std::string& ca_cert() const { return ca_.cert; }

 private:
  std::string dir_;
  CertFiles ca_;
};

/// Runs argv with a timeout; throws std::runtime_error with its output when
/// it does not exit 0.
void RunOrThrow(const std::string& what, const std::vector<std::string>& argv);

}  // namespace stackprobe::web::testing

#endif  // STACKPROBE_WEB_TESTS_TEST_PKI_H_
