#include "report/gnuplot.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/process.hpp"

extern char** environ;

namespace fcbench::report::gnuplot {

std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      out += ' ';
    else
      out += c;
  }
  return out + "'";
}

std::string number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "NaN";
}

std::string datablock(std::string_view name, const std::vector<std::vector<double>>& rows) {
  bool ident = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) ident = ident && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ident) throw std::invalid_argument("gnuplot datablock name: " + std::string(name));
  std::string out = fmt::format("${} << EOD\n", name);
  for (auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ' ';
      out += number(row[i]);
    }
    out += '\n';
  }
  return out + "EOD\n";
}

std::optional<std::string> find() {
  const char* env = std::getenv("FCBENCH_GNUPLOT");
  std::string p = which(env && *env ? env : "gnuplot");
  if (p.empty()) return std::nullopt;
  return p;
}

std::string svg_terminal(int width, int height) {
  return fmt::format(
      "set terminal svg size {},{} dynamic enhanced font 'sans,11' background '#ffffff'\n"
      "set encoding utf8\n",
      width, height);
}

namespace {

// An anonymous in-memory file (no path, gone when closed).
Fd memfd(const char* name) {
  int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) throw SystemError("memfd_create", errno);
  return Fd(fd);
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SystemError("writing the gnuplot script", errno);
    data.remove_prefix(size_t(n));
  }
}

std::string read_all(int fd) {
  std::string out;
  char buf[65536];
  for (off_t at = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, size_t(n));
    at += n;
  }
  return out;
}

// Starts `program` with stdin, stdout and stderr on the given files, in a
// process group of its own, every signal at its default.
pid_t start(const std::string& program, int in, int out, int err) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in, 0);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  posix_spawn_file_actions_adddup2(&fa, err, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv = {const_cast<char*>(program.c_str()), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw SystemError("cannot start " + program, rc);
  return pid;
}

std::string first_lines(const std::string& text, size_t max_chars) {
  std::string t = text.substr(0, max_chars);
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t;
}

}  // namespace

Output run(const std::string& program, const std::string& script,
           std::chrono::milliseconds timeout) {
  Fd in = memfd("gnuplot-script"), out = memfd("gnuplot-svg"), err = memfd("gnuplot-err");
  write_all(in.get(), script);
  if (::lseek(in.get(), 0, SEEK_SET) != 0) throw SystemError("rewinding the gnuplot script", errno);
  pid_t pid = start(program, in.get(), out.get(), err.get());
  Output o;
  auto st = wait_exit(pid, timeout);
  if (!st) {
    kill_and_reap(pid);
    o.error = fmt::format("{} did not finish within {} s", program, timeout.count() / 1000);
    return o;
  }
  o.svg = read_all(out.get());
  std::string stderr_text = read_all(err.get());
  if (WIFEXITED(*st) && WEXITSTATUS(*st) == 0 && o.svg.find("</svg>") != std::string::npos) {
    o.ok = true;
    return o;
  }
  std::string why = WIFEXITED(*st) ? fmt::format("exit status {}", WEXITSTATUS(*st))
                                   : fmt::format("signal {}", WTERMSIG(*st));
  if (WIFEXITED(*st) && WEXITSTATUS(*st) == 0) why = "no complete SVG on stdout";
  o.error = fmt::format("{} failed ({}): {}", program, why, first_lines(stderr_text, 600));
  return o;
}

std::vector<Output> run_all(const std::string& program, const std::vector<std::string>& scripts,
                            unsigned jobs) {
  std::vector<Output> out(scripts.size());
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto worker = [&] {
    for (size_t i; (i = next++) < scripts.size();) {
      try {
        out[i] = run(program, scripts[i]);
      } catch (...) {
        std::lock_guard lock(failure_mu);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  jobs = std::max(1u, std::min<unsigned>(jobs, unsigned(scripts.size())));
  for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  return out;
}

}  // namespace fcbench::report::gnuplot
