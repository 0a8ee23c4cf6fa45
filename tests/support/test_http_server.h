// SPDX-License-Identifier: Apache-2.0
//
// The scripted loopback HTTP server of the installed test kit
// (core/testing), under the name the in-tree tests include.
#ifndef STACKPROBE_TESTS_SUPPORT_TEST_HTTP_SERVER_H_
#define STACKPROBE_TESTS_SUPPORT_TEST_HTTP_SERVER_H_

#include "stackprobe/testing/test_http_server.h"

#endif  // STACKPROBE_TESTS_SUPPORT_TEST_HTTP_SERVER_H_
