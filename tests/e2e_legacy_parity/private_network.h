// SPDX-License-Identifier: Apache-2.0
//
// A network namespace of the test's own: the stack's real ports (5432,
// 6379, 6333, 8080, 8081, 8091, 8092) are free there whatever the host
// runs, so the shipped example config is probed exactly as written.
#ifndef STACKPROBE_TESTS_E2E_LEGACY_PARITY_PRIVATE_NETWORK_H_
#define STACKPROBE_TESTS_E2E_LEGACY_PARITY_PRIVATE_NETWORK_H_

namespace stackprobe::testing {

/// Moves this process (call it before any thread starts; children inherit
/// it) into a new network namespace and brings its loopback up. Throws
/// std::runtime_error with the reason (it needs root).
void EnterPrivateNetwork();

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_E2E_LEGACY_PARITY_PRIVATE_NETWORK_H_
