// SPDX-License-Identifier: Apache-2.0
#include "isolate/frame.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace stackprobe::isolate {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class FrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds_), 0);
  }
  void TearDown() override {
    for (int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }
  int fds_[2] = {-1, -1};
};

TEST_F(FrameTest, RoundTripsPayloadsOfAnySize) {
  for (const std::string& payload :
       {std::string(), std::string("{}"), std::string(300000, 'x')}) {
    std::string error;
    std::thread writer([&] {
      EXPECT_EQ(WriteFrame(fds_[0], payload, Clock::now() + milliseconds(5000),
                           error),
                FrameStatus::kOk);
    });
    std::string got;
    std::string read_error;
    EXPECT_EQ(ReadFrame(fds_[1], got, Clock::now() + milliseconds(5000),
                        nullptr, read_error),
              FrameStatus::kOk)
        << read_error;
    writer.join();
    EXPECT_EQ(got, payload);
  }
}

TEST_F(FrameTest, ReportsEofWhenThePeerClosesMidFrame) {
  const char partial[] = {0, 0, 0, 10, 'a', 'b'};
  ASSERT_EQ(::write(fds_[0], partial, sizeof partial),
            static_cast<ssize_t>(sizeof partial));
  ::close(fds_[0]);
  fds_[0] = -1;
  std::string got;
  std::string error;
  EXPECT_EQ(ReadFrame(fds_[1], got, Clock::now() + milliseconds(2000), nullptr,
                      error),
            FrameStatus::kEof);
}

TEST_F(FrameTest, RefusesAnOversizedAnnouncementWithoutAllocating) {
  const unsigned char header[] = {0xff, 0xff, 0xff, 0xff};
  ASSERT_EQ(::write(fds_[0], header, sizeof header), 4);
  std::string got;
  std::string error;
  EXPECT_EQ(ReadFrame(fds_[1], got, Clock::now() + milliseconds(2000), nullptr,
                      error),
            FrameStatus::kError);
  EXPECT_NE(error.find("over the limit"), std::string::npos) << error;
}

TEST_F(FrameTest, StopsWaitingAtTheDeadlineOrOnCancellation) {
  std::string got;
  std::string error;
  const auto started = Clock::now();
  EXPECT_EQ(
      ReadFrame(fds_[1], got, started + milliseconds(100), nullptr, error),
      FrameStatus::kTimeout);
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
  std::atomic<bool> cancelled{true};
  EXPECT_EQ(
      ReadFrame(fds_[1], got, Clock::time_point::max(), &cancelled, error),
      FrameStatus::kCancelled);
}

TEST_F(FrameTest, WritingToADeadPeerIsAnErrorNotSigpipe) {
  ::close(fds_[1]);
  fds_[1] = -1;
  std::string error;
  // Without MSG_NOSIGNAL this would kill the test process.
  EXPECT_EQ(WriteFrame(fds_[0], "{}", Clock::now() + milliseconds(1000), error),
            FrameStatus::kEof);
}

}  // namespace
}  // namespace stackprobe::isolate
