// SPDX-License-Identifier: Apache-2.0
//
// Name rules for metric and label names exposed by stackprobe.
#ifndef STACKPROBE_EXPOSE_NAMES_H_
#define STACKPROBE_EXPOSE_NAMES_H_

#include <string_view>

namespace stackprobe::expose {

/// True when `name` matches [a-z_][a-z0-9_]*. stackprobe uses this stricter
/// form of the Prometheus rules for both metric and label names: no colons
/// (reserved for recording rules) and no upper case (`promtool check
/// metrics` flags camelCase), so what passes here also lints clean.
bool IsSnakeCaseName(std::string_view name);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_NAMES_H_
