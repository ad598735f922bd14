// Resource limits: the raise-or-fail decision, and ensure_limits() in a child
// process with known limits.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "run/limits.hpp"
#include "util/error.hpp"

using Catch::Matchers::Contains;
using fcbench::run::decide_limit;
using fcbench::run::ensure_limits;
using fcbench::run::LimitState;

namespace {
auto nofile(LimitState s, uint64_t need) {
  return decide_limit("open files", "-n", "LimitNOFILE", "nofile", s, need);
}
}  // namespace

TEST_CASE("limits: soft limit already enough", "[unit][limits]") {
  auto d = nofile({1024, 4096}, 1024);
  CHECK(d.ok);
  CHECK_FALSE(d.raise);
  CHECK(d.new_soft == 1024);
  CHECK(d.message.empty());
}

TEST_CASE("limits: raise the soft limit up to the hard limit", "[unit][limits]") {
  auto d = nofile({1024, 1048576}, 4096);
  CHECK(d.ok);
  CHECK(d.raise);
  CHECK(d.new_soft == 4096);
  CHECK(d.message == "raised the open files soft limit from 1024 to 4096 (hard limit 1048576)");
  auto e = nofile({1024, 4096}, 4096);  // exactly the hard limit
  CHECK(e.ok);
  CHECK(e.raise);
}

TEST_CASE("limits: hard limit too low", "[unit][limits]") {
  auto d = nofile({1024, 4096}, 5000);
  CHECK_FALSE(d.ok);
  CHECK_FALSE(d.raise);
  CHECK_THAT(d.message, Contains("5000 open files"));
  CHECK_THAT(d.message, Contains("hard limit is 4096"));
  CHECK_THAT(d.message, Contains("soft limit 1024"));
  CHECK_THAT(d.message, Contains("ulimit -n 5000"));
  CHECK_THAT(d.message, Contains("LimitNOFILE=5000"));
  CHECK_THAT(d.message, Contains("nofile"));
  CHECK_THAT(d.message, Contains("/etc/security/limits.conf"));
  CHECK_THAT(d.message, Contains("--max-concurrent"));

  auto p = decide_limit("processes", "-u", "LimitNPROC", "nproc", {100, 200}, 300);
  CHECK_FALSE(p.ok);
  CHECK_THAT(p.message, Contains("ulimit -u 300"));
  CHECK_THAT(p.message, Contains("LimitNPROC=300"));
}

TEST_CASE("limits: infinity", "[unit][limits]") {
  auto d = nofile({UINT64_MAX, UINT64_MAX}, 1u << 30);
  CHECK(d.ok);
  CHECK_FALSE(d.raise);
  auto r = nofile({1024, UINT64_MAX}, 1u << 20);
  CHECK(r.ok);
  CHECK(r.raise);
  CHECK(r.new_soft == 1u << 20);
  CHECK_THAT(r.message, Contains("hard limit unlimited"));
}

TEST_CASE("limits: ensure_limits with a tiny need", "[unit][limits]") {
  auto report = ensure_limits({8, 1});
  CHECK(report.notes.empty());
}

namespace {

// Runs `body` in a forked child whose open-files limit is soft 128, hard 256
// (whatever this host's limits are, so the test never depends on them), and
// returns what the body wrote to its pipe.
std::string with_nofile_128_256(void (*body)(int out_fd)) {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(p[0]);
    rlimit rl{128, 256};
    if (::setrlimit(RLIMIT_NOFILE, &rl) != 0) ::_exit(3);
    body(p[1]);
    ::_exit(0);
  }
  ::close(p[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(p[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  REQUIRE(WEXITSTATUS(st) == 0);
  return out;
}

void say(int fd, const std::string& s) {
  (void)!::write(fd, s.data(), s.size());
}

std::string soft_nofile() {
  rlimit rl{};
  ::getrlimit(RLIMIT_NOFILE, &rl);
  return std::to_string(rl.rlim_cur);
}

}  // namespace

TEST_CASE("limits: ensure_limits above the hard open-file limit", "[unit][limits]") {
  std::string out = with_nofile_128_256([](int fd) {
    try {
      ensure_limits({257, 0});
      say(fd, "no error\n");
    } catch (const fcbench::UserError& e) {
      say(fd, "exit " + std::to_string(e.exit_code) + "\n" + e.what() + "\n");
    }
    say(fd, "soft after " + soft_nofile() + "\n");
  });
  INFO(out);
  CHECK_THAT(out, Contains("exit 2\n"));
  CHECK_THAT(out, Contains("ulimit -n 257"));
  CHECK_THAT(out, Contains("soft after 128\n"));  // nothing was changed
}

TEST_CASE("limits: ensure_limits raises the soft open-file limit up to the need",
          "[unit][limits]") {
  std::string out = with_nofile_128_256([](int fd) {
    try {
      auto report = ensure_limits({200, 0});
      for (auto& n : report.notes) say(fd, "note " + n + "\n");
    } catch (const std::exception& e) {
      say(fd, std::string("error ") + e.what() + "\n");
    }
    say(fd, "soft after " + soft_nofile() + "\n");
  });
  INFO(out);
  CHECK_THAT(out, Contains("note ") && Contains("128") && Contains("200"));
  CHECK_THAT(out, !Contains("error "));
  CHECK_THAT(out, Contains("soft after 200\n"));
}
