#include "util/path_watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/clock.hpp"
#include "util/error.hpp"

namespace fcbench {

PathWatch::PathWatch(const std::filesystem::path& dir) : dir_(dir) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw SystemError("inotify_init1", errno);
  if (::inotify_add_watch(fd_, dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0) {
    int err = errno;
    ::close(fd_);
    throw UserError("cannot watch " + dir.string() + ": " + std::strerror(err));
  }
}

PathWatch::~PathWatch() {
  if (fd_ >= 0) ::close(fd_);
}

PathWatch::Result PathWatch::wait(const std::string& name, int hangup_fd,
                                  std::chrono::milliseconds timeout) {
  const auto path = dir_ / name;
  const int64_t deadline = now_ns() + int64_t(timeout.count()) * 1'000'000;
  std::error_code ec;
  alignas(inotify_event) char buf[4096];
  for (;;) {
    // Checked after every wake-up: the file may predate the watch, and the
    // event queue may overflow.
    if (std::filesystem::exists(path, ec)) return Result::appeared;
    int64_t left = deadline - now_ns();
    if (left <= 0) return Result::timeout;
    pollfd p[2] = {{fd_, POLLIN, 0}, {hangup_fd, 0, 0}};
    int n = ::poll(p, hangup_fd >= 0 ? 2 : 1, int(left / 1'000'000) + 1);
    if (n < 0 && errno != EINTR) throw SystemError("poll", errno);
    if (n <= 0) continue;
    if (p[0].revents & POLLIN)
      while (::read(fd_, buf, sizeof buf) > 0) {
      }
    if (hangup_fd >= 0 && (p[1].revents & (POLLHUP | POLLERR))) {
      if (std::filesystem::exists(path, ec)) return Result::appeared;
      return Result::hangup;
    }
  }
}

}  // namespace fcbench
