// SPDX-License-Identifier: Apache-2.0
//
// A service's `volumes` entries in the short syntax ("SRC:DST[:OPTS]"), read
// as podman-compose 1.0.3 reads them (parse_short_mount), and the host paths
// they name.
#ifndef STACKPROBE_PLUGINS_STARTER_COMPOSE_MOUNTS_H_
#define STACKPROBE_PLUGINS_STARTER_COMPOSE_MOUNTS_H_

#include <string>

#include "compose_model.h"

namespace stackprobe::starter {

/// `path` made absolute as podman-compose makes bind sources: a leading `~`
/// is the HOME `home`, a relative path is relative to `base_dir`, and the
/// result has `.`/`..` and symlinks of its existing part resolved
/// (os.path.realpath). Reads the file system; thread-safe.
std::string ResolveHostPath(const std::string& path,
                            const std::string& base_dir,
                            const std::string& home);

/// Parses a short-syntax volume: "DST" (anonymous volume), "SRC:DST",
/// "DST:OPTS" (when the second part is not absolute), "SRC:DST:OPTS". A SRC
/// starting with '/', '.' or '~' is a bind mount (resolved with
/// ResolveHostPath), else a named volume. OPTS (comma-separated): ro, rw,
/// consistent/delegated/cached (ignored), z, Z, O, U, [r]shared, [r]slave,
/// [r]private, [r]unbindable, [r]bind, [no]exec, [no]dev, [no]suid
/// (propagation; as in podman-compose only the last one is kept). Throws
/// std::invalid_argument("WHERE: ...") for more than three parts or an
/// unknown option. Thread-safe.
ComposeMount ParseShortMount(const std::string& text,
                             const std::string& base_dir,
                             const std::string& home, const std::string& where);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_COMPOSE_MOUNTS_H_
