// SPDX-License-Identifier: Apache-2.0
//
// HostConfig of the installed test kit (core/testing), under the name the
// in-tree tests include.
#ifndef STACKPROBE_TESTS_SUPPORT_HOST_CONFIG_H_
#define STACKPROBE_TESTS_SUPPORT_HOST_CONFIG_H_

#include "stackprobe/testing/host_config.h"

#endif  // STACKPROBE_TESTS_SUPPORT_HOST_CONFIG_H_
