// SPDX-License-Identifier: Apache-2.0
#include "nagios_output.h"

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::exec {

using plugin_common::Trim;

NagiosOutput SplitNagiosOutput(std::string_view output) {
  NagiosOutput out;
  const auto newline = output.find('\n');
  const std::string_view first_line = output.substr(0, newline);
  const std::string_view rest = newline == std::string_view::npos
                                    ? std::string_view()
                                    : output.substr(newline + 1);
  const auto bar = first_line.find('|');
  out.message = std::string(Trim(first_line.substr(0, bar)));
  if (bar != std::string_view::npos) {
    out.perfdata = std::string(Trim(first_line.substr(bar + 1)));
  }
  const auto long_bar = rest.find('|');
  if (long_bar != std::string_view::npos) {
    const std::string_view more = Trim(rest.substr(long_bar + 1));
    if (!more.empty()) {
      if (!out.perfdata.empty()) out.perfdata += ' ';
      out.perfdata += more;
    }
  }
  return out;
}

State StateOfExitCode(int exit_code) {
  switch (exit_code) {
    case 0:
      return State::kUp;
    case 1:
      return State::kDegraded;
    case 2:
      return State::kDown;
    default:
      return State::kError;
  }
}

}  // namespace stackprobe::exec
