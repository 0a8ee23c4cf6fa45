// SPDX-License-Identifier: Apache-2.0
#include "private_network.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace stackprobe::testing {

void EnterPrivateNetwork() {
  if (unshare(CLONE_NEWNET) != 0) {
    throw std::runtime_error(
        std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno) +
        " (this test runs as root, as CI does: it needs CAP_SYS_ADMIN)");
  }
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  }
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  const bool up =
      ioctl(fd, SIOCGIFFLAGS, &request) == 0 &&
      (request.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &request) == 0);
  const int error = errno;
  close(fd);
  if (!up) {
    throw std::runtime_error(std::string("bringing lo up: ") +
                             std::strerror(error));
  }
}

}  // namespace stackprobe::testing
