// Resource limits: the raise-or-fail decision, and ensure_limits() in a child
// process with known limits.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

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

TEST_CASE("limits: the peak is the most arrivals within one window, at most the cap",
          "[unit][limits]") {
  using fcbench::run::peak_instances;
  const int64_t s = 1'000'000'000;
  const std::vector<int64_t> arrivals = {0, 1 * s, 2 * s, 10 * s, 10 * s, 10 * s, 11 * s, 30 * s};
  CHECK(peak_instances(arrivals, 5 * s, 0) == 4);   // 10, 10, 10, 11
  CHECK(peak_instances(arrivals, 60 * s, 0) == 8);  // all may overlap
  CHECK(peak_instances(arrivals, 1 * s, 0) == 3);   // three at 10 s
  CHECK(peak_instances(arrivals, 60 * s, 2) == 2);  // the cap bounds it
  CHECK(peak_instances(arrivals, 5 * s, 50) == 4);
  CHECK(peak_instances({}, 5 * s, 0) == 0);
  // A window of exactly the gap does not overlap the two.
  CHECK(peak_instances({0, 5 * s}, 5 * s, 0) == 1);
}

TEST_CASE("limits: what instances need, and the totals at the peak", "[unit][limits]") {
  using namespace fcbench::run;
  auto vm = instance_needs(true, 2), native = instance_needs(false, 2);
  CHECK(vm.open_files == 4);
  CHECK(vm.processes == 10);  // 2 vCPUs + 8 VMM threads
  CHECK(native.open_files == 3);
  CHECK(native.processes == 1);
  auto each = max_needs(native, instance_needs(true, 1));
  CHECK(each.open_files == 4);
  CHECK(each.processes == 9);
  auto total = limit_needs(each, 100, 10);
  CHECK(total.open_files == 10 + 64 + 400);
  CHECK(total.processes == 900);
  CHECK(open_fds() >= 3);  // stdin, stdout, stderr at least
}
