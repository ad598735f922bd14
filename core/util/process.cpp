#include "util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "util/clock.hpp"
#include "util/error.hpp"

extern char** environ;

namespace fcbench {

std::string which(const std::string& program) {
  auto executable = [](const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) return executable(program) ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(ss, dir, ':');) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (executable(candidate)) return candidate;
  }
  for (const char* dir : {"/usr/sbin", "/sbin"}) {  // mkfs.ext4 lives here
    std::string candidate = std::string(dir) + "/" + program;
    if (executable(candidate)) return candidate;
  }
  return "";
}

namespace {

// The child's stdin (/dev/null), stdout and stderr (pipes, files or ours)
// and working directory. Fills pipefd/errfd when output is captured.
void set_file_actions(posix_spawn_file_actions_t& fa, const SpawnOptions& opt, int (&pipefd)[2],
                      int (&errfd)[2]) {
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (opt.capture_output) {
    if (::pipe2(pipefd, O_CLOEXEC) != 0) throw SystemError("pipe", errno);
    if (opt.separate_stderr && ::pipe2(errfd, O_CLOEXEC) != 0) {
      ::close(pipefd[0]);
      ::close(pipefd[1]);
      throw SystemError("pipe", errno);
    }
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, opt.separate_stderr ? errfd[1] : pipefd[1], 2);
  } else {
    if (!opt.stdout_file.empty())
      posix_spawn_file_actions_addopen(&fa, 1, opt.stdout_file.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (!opt.stderr_file.empty())
      posix_spawn_file_actions_addopen(&fa, 2, opt.stderr_file.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0600);
    else if (!opt.stdout_file.empty())
      posix_spawn_file_actions_adddup2(&fa, 1, 2);
  }
  if (!opt.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, opt.cwd.c_str());
}

// Every signal unblocked and at its default; optionally a new process group.
void set_attributes(posix_spawnattr_t& attr, const SpawnOptions& opt) {
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (opt.new_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
  }
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, flags);
}

// NULL-terminated pointers into `strings`.
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Child spawn(const std::vector<std::string>& argv, const SpawnOptions& opt) {
  if (argv.empty()) throw UserError("internal: empty argv");
  std::string exe = which(argv[0]);
  if (exe.empty()) throw UserError("program not found: " + argv[0]);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  int pipefd[2] = {-1, -1}, errfd[2] = {-1, -1};
  try {
    set_file_actions(fa, opt, pipefd, errfd);
  } catch (...) {
    posix_spawn_file_actions_destroy(&fa);
    throw;
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  set_attributes(attr, opt);
  std::vector<char*> cargv = c_strings(argv), cenv;
  if (opt.env) cenv = c_strings(*opt.env);
  pid_t pid;
  int rc =
      posix_spawn(&pid, exe.c_str(), &fa, &attr, cargv.data(), opt.env ? cenv.data() : environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  for (int fd : {pipefd[1], errfd[1]})
    if (fd >= 0) ::close(fd);
  if (rc != 0) {
    for (int fd : {pipefd[0], errfd[0]})
      if (fd >= 0) ::close(fd);
    throw SystemError("cannot start " + exe, rc);
  }
  return {pid, pipefd[0], errfd[0]};
}

int pidfd_open(pid_t pid) {
  return int(::syscall(SYS_pidfd_open, pid, 0));
}

void kill_and_reap(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int st;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
}

std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  int st = 0;
  pid_t w = ::waitpid(pid, &st, WNOHANG);
  if (w == pid) return st;
  if (w < 0 && errno != EINTR) return std::nullopt;  // not our child (any more)
  const int64_t deadline = now_ns() + int64_t(timeout.count()) * 1'000'000;
  int pfd = pidfd_open(pid);
  for (;;) {
    w = ::waitpid(pid, &st, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    int64_t left = deadline - now_ns();
    if (left <= 0) break;
    if (pfd >= 0) {
      pollfd p{pfd, POLLIN, 0};
      ::poll(&p, 1, int(left / 1'000'000) + 1);  // readable once the child exits
    } else {
      ::usleep(2000);  // kernels before 5.3 have no pidfd
    }
  }
  if (pfd >= 0) ::close(pfd);
  if (w == pid) return st;
  return std::nullopt;
}

int terminate_and_reap(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0) return 0;
  ::kill(-pid, SIGTERM);
  ::kill(pid, SIGTERM);
  if (auto st = wait_exit(pid, grace)) return *st;
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return st;
}

RunResult run_command(const std::vector<std::string>& argv,
                      std::optional<std::chrono::milliseconds> timeout) {
  Child c = spawn(argv);
  RunResult r;
  int64_t deadline = timeout ? now_ns() + int64_t(timeout->count()) * 1'000'000 : 0;
  char buf[8192];
  for (;;) {
    int wait_ms = -1;
    if (timeout) {
      int64_t left = deadline - now_ns();
      if (left <= 0) {
        r.timed_out = true;
        break;
      }
      wait_ms = int(left / 1'000'000) + 1;
    }
    pollfd p{c.out_fd, POLLIN, 0};
    int n = ::poll(&p, 1, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) continue;
    ssize_t got = ::read(c.out_fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    r.output.append(buf, size_t(got));
  }
  ::close(c.out_fd);
  if (r.timed_out) {
    kill_and_reap(c.pid);
    return r;
  }
  int st = 0;
  while (::waitpid(c.pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(st)) r.exit_code = WEXITSTATUS(st);
  if (WIFSIGNALED(st)) r.signal = WTERMSIG(st);
  return r;
}

std::string shell_quote(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty();
    for (char ch : a)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("-_./=:,+@%", ch)))
        plain = false;
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char ch : a) {
      if (ch == '\'')
        out += "'\\''";
      else
        out += ch;
    }
    out += '\'';
  }
  return out;
}

}  // namespace fcbench
