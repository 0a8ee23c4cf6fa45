// SPDX-License-Identifier: Apache-2.0
//
// SHA-256 (FIPS 180-4), for the names podman-compose gives anonymous volumes
// (<project>_<service>_<sha256 of the target path>).
#ifndef STACKPROBE_PLUGINS_STARTER_SHA256_H_
#define STACKPROBE_PLUGINS_STARTER_SHA256_H_

#include <string>
#include <string_view>

namespace stackprobe::starter {

/// The SHA-256 digest of `data` as 64 lower-case hex digits. Thread-safe.
std::string Sha256Hex(std::string_view data);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_SHA256_H_
