// SPDX-License-Identifier: Apache-2.0
#include "http/listen_address.h"

#include <charconv>
#include <stdexcept>

namespace stackprobe::http {
namespace {

[[noreturn]] void Fail(std::string_view text, std::string_view why) {
  throw std::invalid_argument("bad listen address \"" + std::string(text) +
                              "\": " + std::string(why));
}

}  // namespace

ListenAddress ParseListenAddress(std::string_view text) {
  ListenAddress address;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) Fail(text, "missing ']'");
    address.host = std::string(text.substr(1, close - 1));
    if (close + 1 >= text.size() || text[close + 1] != ':') {
      Fail(text, "expected ':PORT' after ']'");
    }
    port_text = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) Fail(text, "expected HOST:PORT");
    address.host = std::string(text.substr(0, colon));
    if (address.host.find(':') != std::string::npos) {
      Fail(text, "an IPv6 address needs brackets: [ADDR]:PORT");
    }
    port_text = text.substr(colon + 1);
  }
  if (address.host.empty()) Fail(text, "empty host");
  if (address.host == "localhost") address.host = "127.0.0.1";
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(
      port_text.data(), port_text.data() + port_text.size(), value);
  if (port_text.empty() || ec != std::errc{} ||
      end != port_text.data() + port_text.size() || value > 65535) {
    Fail(text, "port must be 0..65535");
  }
  address.port = static_cast<std::uint16_t>(value);
  return address;
}

std::string FormatHostPort(std::string_view host, std::uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos) {
    out.append("[").append(host).append("]");
  } else {
    out.append(host);
  }
  return out + ":" + std::to_string(port);
}

}  // namespace stackprobe::http
