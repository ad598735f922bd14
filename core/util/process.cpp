#include "util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
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

std::atomic<int> g_child_nice{INT_MIN};  // INT_MIN: unset

}  // namespace

void set_child_nice(std::optional<int> nice) {
  g_child_nice = nice.value_or(INT_MIN);
}

std::optional<int> child_nice() {
  const int n = g_child_nice;
  return n == INT_MIN ? std::nullopt : std::optional<int>(n);
}

namespace {

// What the child does between vfork() and exec. It shares our memory until
// then, so everything is prepared here and the child makes system calls only.
struct ChildPlan {
  const char* exe = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int in = -1;             // fd 0, or /dev/null
  int out = -1, err = -1;  // pipe write ends for fds 1 and 2
  const char* out_file = nullptr;
  const char* err_file = nullptr;  // unset with out_file: stderr goes there too
  const char* cwd = nullptr;
  const int* cgroup_fds = nullptr;  // cgroup.procs files to join
  size_t cgroup_fd_count = 0;
  int gate = -1;                             // SpawnOptions::gate_fd
  std::atomic<int64_t>* ready_ns = nullptr;  // SpawnOptions::ready_ns
  bool new_group = false, die_with_parent = false;
  bool set_nice = false;
  int nice = 0;
  pid_t parent = -1;
  int report = -1;  // close-on-exec pipe: errno if exec (or a step before) fails
};

// `fd` onto `target` (the copy is not close-on-exec); false on failure.
bool move_fd(int fd, int target) {
  if (fd < 0) return false;
  if (fd == target) return ::fcntl(fd, F_SETFD, 0) == 0;
  const bool ok = ::dup2(fd, target) == target;
  ::close(fd);
  return ok;
}

[[noreturn]] void child_fail(const ChildPlan& p) {
  int e = errno;
  [[maybe_unused]] ssize_t r = ::write(p.report, &e, sizeof e);
  ::_exit(127);
}

// Closes every fd from `lo` to `hi` (inclusive).
void close_fds(int lo, int hi) {
  if (lo > hi) return;
  if (::close_range(unsigned(lo), unsigned(hi), 0) == 0) return;
  for (int fd = lo; fd <= std::min(hi, 4095); ++fd) ::close(fd);  // kernels before 5.9
}

// Waits for the go (one byte) on the gate; its end of file ends the child.
// It may wait long: first it closes what it inherited beyond its stdio, so
// it holds no other child's pipes open (close-on-exec acts only at exec).
void pass_gate(const ChildPlan& p) {
  const int a = std::min(p.gate, p.report), b = std::max(p.gate, p.report);
  close_fds(3, a - 1);
  close_fds(a + 1, b - 1);
  close_fds(b + 1, ~0U >> 1);
  char go;
  ssize_t n;
  while ((n = ::read(p.gate, &go, 1)) < 0 && errno == EINTR) {
  }
  if (n == 1) return;
  errno = n == 0 ? ECANCELED : errno;
  child_fail(p);
}

// The child: default signals, its process group, death with fcbench, its
// cgroups, its stdio and directory, then exec. Async-signal-safe calls only.
[[noreturn]] void child_exec(const ChildPlan& p) {
  if (p.set_nice) ::setpriority(PRIO_PROCESS, 0, p.nice);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);  // EINVAL: reserved
  if (p.new_group) ::setpgid(0, 0);
  if (p.die_with_parent) {
    // SIGKILL once the spawning thread ends; fcbench may already be gone.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(p);
    if (::getppid() != p.parent) ::_exit(127);
  }
  for (size_t i = 0; i < p.cgroup_fd_count; ++i)  // "0": the writer itself
    if (::write(p.cgroup_fds[i], "0", 1) != 1) child_fail(p);
  if (p.in >= 0 ? ::dup2(p.in, 0) != 0 : !move_fd(::open("/dev/null", O_RDONLY), 0)) child_fail(p);
  if (p.out >= 0) {
    if (::dup2(p.out, 1) != 1 || ::dup2(p.err >= 0 ? p.err : p.out, 2) != 2) child_fail(p);
  } else {
    const int mode = O_WRONLY | O_CREAT | O_APPEND;
    if (p.out_file && !move_fd(::open(p.out_file, mode, 0600), 1)) child_fail(p);
    if (p.err_file && !move_fd(::open(p.err_file, mode, 0600), 2)) child_fail(p);
    if (!p.err_file && p.out_file && ::dup2(1, 2) != 2) child_fail(p);
  }
  if (p.cwd && ::chdir(p.cwd) != 0) child_fail(p);
  if (p.ready_ns) {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);  // async-signal-safe
    p.ready_ns->store(int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec, std::memory_order_release);
  }
  if (p.gate >= 0) pass_gate(p);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(p.exe, p.argv, p.envp);
  child_fail(p);
}

// vfork() and exec, with every signal blocked meanwhile so that none of
// our handlers runs in the child. The pid, or -1 (errno).
pid_t vfork_exec(const ChildPlan& p) {
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::vfork();
  if (pid == 0) child_exec(p);
  int e = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = e;
  return pid;
}

// Output pipes (close-on-exec) as opt asks; their ends in pipefd/errfd.
void make_pipes(const SpawnOptions& opt, int (&pipefd)[2], int (&errfd)[2]) {
  if (!opt.capture_output) return;
  if (::pipe2(pipefd, O_CLOEXEC) != 0) throw SystemError("pipe", errno);
  if (opt.separate_stderr && ::pipe2(errfd, O_CLOEXEC) != 0) {
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    throw SystemError("pipe", errno);
  }
}

// NULL-terminated pointers into `strings`.
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Starts the child and returns its pid; 0 with `error` set if it could not
// exec (it has been reaped then).
pid_t start_child(ChildPlan& p, int& error) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    error = errno;
    return 0;
  }
  p.report = report[1];
  pid_t pid = vfork_exec(p);
  error = pid < 0 ? errno : 0;
  ::close(report[1]);
  if (pid > 0) {
    ssize_t n;
    while ((n = ::read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
    }
    if (n == ssize_t(sizeof error)) {  // it never ran the program
      int st;
      while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
      }
      pid = 0;
    } else {
      error = 0;
    }
  }
  ::close(report[0]);
  return pid > 0 ? pid : 0;
}

}  // namespace

// vfork+exec rather than posix_spawn: the child must set PR_SET_PDEATHSIG
// before exec, which posix_spawn cannot do. The death signal follows the
// spawning *thread*: fcbench spawns from its scheduler thread and from
// WorkerQueue helpers, which live until the schedule has reaped every child.
Child spawn(const std::vector<std::string>& argv, const SpawnOptions& opt) {
  if (argv.empty()) throw UserError("internal: empty argv");
  std::string exe = which(argv[0]);
  if (exe.empty()) throw UserError("program not found: " + argv[0]);

  int pipefd[2] = {-1, -1}, errfd[2] = {-1, -1};
  make_pipes(opt, pipefd, errfd);
  std::vector<char*> cargv = c_strings(argv), cenv;
  if (opt.env) cenv = c_strings(*opt.env);
  ChildPlan p;
  p.exe = exe.c_str();
  p.argv = cargv.data();
  p.envp = opt.env ? cenv.data() : environ;
  p.in = opt.stdin_fd;
  p.out = pipefd[1];
  p.err = errfd[1];
  if (!opt.capture_output && !opt.stdout_file.empty()) p.out_file = opt.stdout_file.c_str();
  if (!opt.capture_output && !opt.stderr_file.empty()) p.err_file = opt.stderr_file.c_str();
  if (!opt.cwd.empty()) p.cwd = opt.cwd.c_str();
  p.new_group = opt.new_process_group;
  p.die_with_parent = opt.die_with_parent;
  p.cgroup_fds = opt.cgroup_procs_fds.data();
  p.cgroup_fd_count = opt.cgroup_procs_fds.size();
  p.gate = opt.gate_fd;
  if (auto n = child_nice()) {
    p.set_nice = true;
    p.nice = *n;
  }
  p.ready_ns = opt.ready_ns;
  p.parent = ::getpid();
  int error = 0;
  pid_t pid = start_child(p, error);
  for (int fd : {pipefd[1], errfd[1]})
    if (fd >= 0) ::close(fd);
  if (pid <= 0) {
    for (int fd : {pipefd[0], errfd[0]})
      if (fd >= 0) ::close(fd);
    throw SystemError("cannot start " + exe, error);
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
