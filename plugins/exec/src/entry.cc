// SPDX-License-Identifier: Apache-2.0
#include "config_schema.h"
#include "exec_probe.h"

STACKPROBE_PLUGIN(stackprobe::exec::ExecProbe, "exec", "0.1.0",
                  "Any check program run by argv: Monitoring Plugins "
                  "(Nagios) exit codes and perfdata, or a JSON verdict",
                  stackprobe::exec::kConfigSchema, nullptr)
