// SPDX-License-Identifier: Apache-2.0
//
// The test kit's fake contexts with their host internals in view
// (BasicFakeContext: services(), http_client()), for the in-tree tests.
// Out-of-tree tests use <stackprobe/testing/test_context.h>.
#ifndef STACKPROBE_TESTS_SUPPORT_FAKE_CONTEXT_H_
#define STACKPROBE_TESTS_SUPPORT_FAKE_CONTEXT_H_

#include "basic_fake_context.h"

#endif  // STACKPROBE_TESTS_SUPPORT_FAKE_CONTEXT_H_
