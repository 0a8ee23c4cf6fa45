// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/transport_reason.h"

namespace stackprobe::plugin_common {

const char* ReasonOf(HttpError error) {
  switch (error) {
    case HttpError::kNone:
      return reason::kNone;
    case HttpError::kRefused:
      return reason::kRefused;
    case HttpError::kTimeout:
      return reason::kTimeout;
    case HttpError::kDns:
      return reason::kDns;
    case HttpError::kTls:
      return reason::kTls;
    case HttpError::kBodyTooLarge:
      return reason::kBodyTooLarge;
    case HttpError::kBadRequest:
    case HttpError::kOther:
      return reason::kConnection;
  }
  // An enumerator added to plugin.h later still maps to something sane.
  return reason::kConnection;
}

}  // namespace stackprobe::plugin_common
