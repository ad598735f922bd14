#include "plugin/host_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "plugin/types.hpp"
#include "plugin/wire.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/layout.hpp"
#include "util/number.hpp"
#include "util/process.hpp"

namespace fcbench::plugin {

namespace {

std::atomic<int64_t> g_timeout_ms{0};  // 0: not set by the CLI

int poll_ms(int64_t deadline) {
  const int64_t left = deadline - now_ns();
  return left <= 0 ? 0 : int(left / 1'000'000) + 1;
}

// All of `data` before `deadline`; false if the host is gone or too slow.
bool send_until(int fd, std::string_view data, int64_t deadline) {
  while (!data.empty()) {
    ssize_t k = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (k > 0) {
      data.remove_prefix(size_t(k));
      continue;
    }
    if (k < 0 && errno != EAGAIN && errno != EINTR) return false;
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, poll_ms(deadline)) == 0 && now_ns() >= deadline) return false;
  }
  return true;
}

enum class Got { frame, eof, timeout };

// One whole frame's body before `deadline`.
Got recv_until(int fd, std::string& body, int64_t deadline) {
  std::string buf;
  char chunk[65536];
  for (;;) {
    if (buf.size() >= 4) {
      uint32_t n;
      std::memcpy(&n, buf.data(), 4);
      if (n > wire::kMaxFrame) throw PluginError("plugin host: oversized reply");
      if (buf.size() == 4 + size_t(n)) {
        body = buf.substr(4);
        return Got::frame;
      }
    }
    ssize_t k = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (k > 0) {
      buf.append(chunk, size_t(k));
      continue;
    }
    if (k == 0) return Got::eof;
    if (errno == ECONNRESET) return Got::eof;
    if (errno != EAGAIN && errno != EINTR) return Got::eof;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms(deadline)) == 0 && now_ns() >= deadline) return Got::timeout;
  }
}

std::string describe_status(int st) {
  if (WIFSIGNALED(st)) {
    const char* abbrev = ::sigabbrev_np(WTERMSIG(st));
    return fmt::format("was killed by signal {}{}", WTERMSIG(st),
                       abbrev ? fmt::format(" (SIG{})", abbrev) : "");
  }
  return fmt::format("exited with status {}", WEXITSTATUS(st));
}

std::string seconds(std::chrono::milliseconds ms) {
  return fmt::format("{:g}", double(ms.count()) / 1000.0);
}

}  // namespace

std::chrono::milliseconds call_timeout() {
  if (int64_t ms = g_timeout_ms.load()) return std::chrono::milliseconds(ms);
  if (const char* e = std::getenv("FCBENCH_PLUGIN_TIMEOUT_S"))
    if (auto s = parse_number<double>(e, 0.001, 86400.0))
      return std::chrono::milliseconds(int64_t(*s * 1000));
  return std::chrono::seconds(30);
}

void set_call_timeout(std::chrono::milliseconds timeout) {
  g_timeout_ms = timeout.count();
}

std::filesystem::path plugin_host_path() {
  namespace fs = std::filesystem;
  if (const char* e = std::getenv("FCBENCH_PLUGIN_HOST"); e && *e) return e;
  std::vector<fs::path> tried;
  const fs::path exe_dir = self_dir();
  // Test programs sit one or two levels under the build tree's top.
  for (const fs::path& dir : {install_data_dir(exe_dir), exe_dir, exe_dir.parent_path(),
                              exe_dir.parent_path().parent_path()}) {
    tried.push_back(dir / "fcbench-plugin-host");
    if (!which(tried.back().string()).empty()) return tried.back();
  }
  std::string looked;
  for (auto& t : tried) looked += (looked.empty() ? "" : ", ") + t.string();
  throw PluginError("the plugin host fcbench-plugin-host is missing (looked in " + looked +
                    "); rebuild or reinstall fcbench, or set FCBENCH_PLUGIN_HOST");
}

HostProcess::HostProcess(std::filesystem::path library, std::string name)
    : library_(std::move(library)), name_(std::move(name)) {}

HostProcess::~HostProcess() {
  if (pid_ < 0) return;
  ::close(fd_);  // the host sees end of file and exits
  if (!wait_exit(pid_, std::chrono::seconds(2))) kill_and_reap(pid_);
}

void HostProcess::start() {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    throw PluginError("plugin host: socketpair: " + std::string(std::strerror(errno)));
  SpawnOptions opt;
  opt.capture_output = false;
  opt.new_process_group = true;  // a terminal's Ctrl-C is fcbench's to handle
  opt.die_with_parent = false;   // it watches its socket instead (see above)
  opt.stdin_fd = sv[1];
  Child c;
  try {
    c = spawn({plugin_host_path().string(), library_.string()}, opt);
  } catch (...) {
    ::close(sv[0]);
    ::close(sv[1]);
    throw;
  }
  ::close(sv[1]);
  pid_ = c.pid;
  fd_ = sv[0];
}

std::string HostProcess::end(const std::string& fallback) {
  std::string why = fallback;
  if (auto st = wait_exit(pid_, std::chrono::milliseconds(500)))
    why = describe_status(*st);
  else
    kill_and_reap(pid_);
  ::close(fd_);
  pid_ = fd_ = -1;
  return why;
}

std::string HostProcess::who() const {
  return name_.empty() ? "" : "plugin '" + name_ + "': ";
}

std::string HostProcess::call(const char* what, const std::string& request) {
  std::lock_guard lk(mu_);
  if (pid_ >= 0 && ::waitpid(pid_, nullptr, WNOHANG) == pid_) {
    ::close(fd_);  // it died between calls (killed from outside): start again
    pid_ = fd_ = -1;
  }
  if (pid_ < 0) start();
  const auto timeout = call_timeout();
  const int64_t deadline = now_ns() + int64_t(timeout.count()) * 1'000'000;
  std::string body;
  Got got = send_until(fd_, request, deadline) ? recv_until(fd_, body, deadline) : Got::eof;
  if (got == Got::eof && now_ns() >= deadline) got = Got::timeout;
  if (got == Got::timeout) {
    end("");
    throw PluginError(
        fmt::format("{}{} did not answer within {} s, so its host was killed (the limit is "
                    "--plugin-timeout-s or $FCBENCH_PLUGIN_TIMEOUT_S)",
                    who(), what, seconds(timeout)));
  }
  if (got == Got::eof)
    throw PluginError(
        fmt::format("{}{} crashed: its host {}", who(), what, end("closed its socket")));
  wire::Reader r(body);
  if (r.u8() == wire::kOk) return body.substr(1);
  throw PluginError(r.str());
}

}  // namespace fcbench::plugin
