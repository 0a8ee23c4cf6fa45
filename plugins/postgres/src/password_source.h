// SPDX-License-Identifier: Apache-2.0
//
// Where the postgres probe's password comes from: a file that holds only
// the password, or one key of a compose `.env` file (the stack's own, which
// its PostgreSQL takes POSTGRES_PASSWORD from), so the secret is not copied.
#ifndef STACKPROBE_PLUGINS_POSTGRES_PASSWORD_SOURCE_H_
#define STACKPROBE_PLUGINS_POSTGRES_PASSWORD_SOURCE_H_

#include <string>

#include "stackprobe/plugin_common/dotenv.h"

namespace stackprobe::postgres {

/// The password the config points at:
/// - "" when `password_file` is empty (and `password_key` too);
/// - the first line of `password_file` (trailing spaces and CR dropped) when
///   `password_key` is empty;
/// - else the value of `password_key` in `password_file` read as a compose
///   `.env` file, interpolated with `environment` as podman-compose does.
/// `password_file` is opened as given (expand "~/" first). Throws
/// std::invalid_argument("password_file: ..." or "password_key: ...") that
/// names the file and the key but never a value of the file. Reads the file.
std::string ReadPassword(const std::string& password_file,
                         const std::string& password_key,
                         const plugin_common::VariableMap& environment);

}  // namespace stackprobe::postgres

#endif  // STACKPROBE_PLUGINS_POSTGRES_PASSWORD_SOURCE_H_
