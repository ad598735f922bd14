// util/process: running commands, quoting argv for a shell, PATH lookup,
// and stopping child processes gracefully.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using fcbench::shell_quote;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("terminate_and_reap: SIGTERM first, the process may exit cleanly", "[unit][util]") {
  auto c = fcbench::spawn({"sh", "-c", "trap 'exit 7' TERM; while :; do sleep 0.05; done"});
  std::this_thread::sleep_for(200ms);  // let the trap be installed
  int st = fcbench::terminate_and_reap(c.pid, 5s);
  ::close(c.out_fd);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 7);
}

TEST_CASE("terminate_and_reap: SIGKILL after the grace period", "[unit][util]") {
  auto c = fcbench::spawn({"sh", "-c", "trap '' TERM; while :; do sleep 0.05; done"});
  std::this_thread::sleep_for(200ms);
  auto t0 = std::chrono::steady_clock::now();
  int st = fcbench::terminate_and_reap(c.pid, 300ms);
  auto took = std::chrono::steady_clock::now() - t0;
  ::close(c.out_fd);
  REQUIRE(WIFSIGNALED(st));
  CHECK(WTERMSIG(st) == SIGKILL);
  CHECK(took >= 300ms);
  CHECK(took < 5s);
}

TEST_CASE("wait_exit: returns the status, or nothing on timeout", "[unit][util]") {
  auto quick = fcbench::spawn({"sh", "-c", "exit 3"});
  auto st = fcbench::wait_exit(quick.pid, 5s);
  ::close(quick.out_fd);
  REQUIRE(st);
  CHECK(WEXITSTATUS(*st) == 3);
  auto slow = fcbench::spawn({"sleep", "10"});
  CHECK_FALSE(fcbench::wait_exit(slow.pid, 100ms));
  fcbench::kill_and_reap(slow.pid);
  ::close(slow.out_fd);
}

TEST_CASE("shell_quote: safe words stay bare", "[unit][util]") {
  CHECK(shell_quote({}) == "");
  CHECK(shell_quote({"ls", "-la", "/tmp/x"}) == "ls -la /tmp/x");
  CHECK(shell_quote({"a-b_c.d/e=f:g,h+i@j%k"}) == "a-b_c.d/e=f:g,h+i@j%k");
}

TEST_CASE("shell_quote: spaces, quotes, metacharacters and the empty word", "[unit][util]") {
  CHECK(shell_quote({"a b"}) == "'a b'");
  CHECK(shell_quote({""}) == "''");
  CHECK(shell_quote({"it's"}) == "'it'\\''s'");
  CHECK(shell_quote({"$HOME"}) == "'$HOME'");
  CHECK(shell_quote({"x", "", "y"}) == "x '' y");
  CHECK(shell_quote({"a;b", "c|d", "*"}) == "'a;b' 'c|d' '*'");
}

TEST_CASE("shell_quote: a quoted line gives the shell back the same words", "[unit][util]") {
  const std::vector<std::string> words = {"plain",      "two words", "",  "it's",
                                          "$(echo no)", "a\"b",      "*", "tab\there"};
  auto r = fcbench::run_command({"sh", "-c", "printf '[%s]' " + shell_quote(words)});
  REQUIRE(r.exit_code == 0);
  CHECK(r.output == "[plain][two words][][it's][$(echo no)][a\"b][*][tab\there]");
}

TEST_CASE("run_command: exit code and combined output", "[unit][util]") {
  auto r = fcbench::run_command({"sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 3);
  CHECK(r.signal == 0);
  CHECK_THAT(r.output, Contains("out\n") && Contains("err\n"));
}

TEST_CASE("run_command: a process killed by a signal", "[unit][util]") {
  auto r = fcbench::run_command({"sh", "-c", "kill -TERM $$"});
  CHECK(r.exit_code == -1);
  CHECK(r.signal == SIGTERM);
}

TEST_CASE("run_command: a timeout kills the process group", "[unit][util]") {
  // The shell's background sleep keeps the output pipe open: only killing the
  // whole group lets run_command return.
  auto r = fcbench::run_command({"sh", "-c", "echo started; sleep 30 & sleep 30"},
                                std::chrono::milliseconds(200));
  CHECK(r.timed_out);
  CHECK(r.exit_code == -1);
  CHECK_THAT(r.output, Contains("started"));
}

TEST_CASE("run_command: an unknown program is a user error", "[unit][util]") {
  CHECK_THROWS_WITH(fcbench::run_command({"fcbench-no-such-program-x"}),
                    Contains("program not found: fcbench-no-such-program-x"));
}

TEST_CASE("which: PATH lookup and explicit paths", "[unit][util]") {
  TempDir tmp;
  fcbench::write_file(tmp / "tool", "#!/bin/sh\necho tool\n", 0755);
  fcbench::write_file(tmp / "data", "not executable\n", 0644);
  fs::create_directory(tmp / "dir");
  {
    ScopedEnv path("PATH", tmp.path().c_str());
    CHECK(fcbench::which("tool") == (tmp / "tool").string());
    CHECK(fcbench::which("data").empty());
    CHECK(fcbench::which("dir").empty());
  }
  CHECK(fcbench::which((tmp / "tool").string()) == (tmp / "tool").string());
  CHECK(fcbench::which((tmp / "data").string()).empty());
  CHECK(fcbench::which("fcbench-no-such-program-x").empty());
  const std::string sh = fcbench::which("sh");
  CHECK_FALSE(sh.empty());
  CHECK(::access(sh.c_str(), X_OK) == 0);
}

TEST_CASE("spawn: the child is killed once the thread that spawned it ends", "[unit][util]") {
  pid_t pid = -1;
  std::thread([&] { pid = fcbench::spawn({"sleep", "30"}).pid; }).join();
  REQUIRE(pid > 0);
  auto st = fcbench::wait_exit(pid, 2000ms);  // PR_SET_PDEATHSIG: SIGKILL
  if (!st) fcbench::kill_and_reap(pid);
  REQUIRE(st);
  CHECK(WIFSIGNALED(*st));
  CHECK(WTERMSIG(*st) == SIGKILL);
}

TEST_CASE("spawn: die_with_parent off leaves the child running", "[unit][util]") {
  pid_t pid = -1;
  fcbench::SpawnOptions so;
  so.die_with_parent = false;
  std::thread([&] { pid = fcbench::spawn({"sleep", "30"}, so).pid; }).join();
  REQUIRE(pid > 0);
  CHECK_FALSE(fcbench::wait_exit(pid, 300ms));
  fcbench::kill_and_reap(pid);
}

TEST_CASE("spawn: a program that cannot be executed is a system error", "[unit][util]") {
  TempDir d;
  auto f = d / "not-exec";
  fcbench::write_file(f, "#!/nonexistent/interpreter\n", 0755);
  CHECK_THROWS_WITH(fcbench::spawn({f.string()}), Contains("cannot start"));
}

TEST_CASE("spawn: the child writes \"0\" to each cgroup.procs fd before exec", "[unit][util]") {
  TempDir t;
  const auto a = t / "a.procs", b = t / "b.procs";
  int fds[2];
  for (int i = 0; i < 2; ++i) {
    fds[i] = ::open((i ? b : a).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    REQUIRE(fds[i] >= 0);
  }
  fcbench::SpawnOptions so;
  so.cgroup_procs_fds = {fds[0], fds[1]};
  auto c = fcbench::spawn({"true"}, so);
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  ::close(c.out_fd);
  CHECK(WIFEXITED(st));
  CHECK(fcbench::read_file(a) == "0");
  CHECK(fcbench::read_file(b) == "0");
  // A group it cannot join fails the spawn, naming the reason.
  const int ro = ::open(a.c_str(), O_RDONLY | O_CLOEXEC);
  so.cgroup_procs_fds = {ro};
  CHECK_THROWS_WITH(fcbench::spawn({"true"}, so), Contains("Bad file descriptor"));
  for (int fd : {fds[0], fds[1], ro}) ::close(fd);
}

namespace {

// A gate for SpawnOptions::gate_fd: [0] ours, [1] the child's.
struct Gate {
  int fd[2] = {-1, -1};
  Gate() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) == 0); }
  ~Gate() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
};

}  // namespace

TEST_CASE("spawn: a gated child is ready, then runs only once the gate opens", "[unit][util]") {
  TempDir t;
  Gate gate;
  std::atomic<int64_t> ready{0};
  std::atomic<bool> returned{false};
  fcbench::SpawnOptions so;
  so.capture_output = false;
  so.die_with_parent = false;  // the spawner thread ends before it is reaped
  so.gate_fd = gate.fd[1];
  so.ready_ns = &ready;
  fcbench::Child c;
  const std::string ran = (t / "ran").string();
  std::thread spawner([&] {
    c = fcbench::spawn({"touch", ran}, so);
    returned = true;
  });
  for (int i = 0; i < 500 && !ready.load(); ++i) std::this_thread::sleep_for(10ms);
  CHECK(ready.load() > 0);  // in its cgroups (none here), waiting
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(returned.load());  // vfork: the spawner waits with it
  CHECK_FALSE(fs::exists(ran));
  REQUIRE(::write(gate.fd[0], "1", 1) == 1);
  spawner.join();
  int st = 0;
  ::waitpid(c.pid, &st, 0);
  CHECK(WIFEXITED(st));
  CHECK(fs::exists(ran));
}

TEST_CASE("spawn: a gate closed before it opens fails the spawn and runs nothing", "[unit][util]") {
  TempDir t;
  Gate gate;
  ::close(gate.fd[0]);
  gate.fd[0] = -1;
  fcbench::SpawnOptions so;
  so.gate_fd = gate.fd[1];
  const std::string ran = (t / "ran").string();
  CHECK_THROWS_WITH(fcbench::spawn({"touch", ran}, so), Contains("Operation canceled"));
  CHECK_FALSE(fs::exists(ran));
}

TEST_CASE("spawn: a gated child holds none of our other pipes open while it waits",
          "[unit][util]") {
  int other[2];  // another child's output pipe, say: close-on-exec, open at the spawn
  REQUIRE(::pipe2(other, O_CLOEXEC) == 0);
  Gate gate;
  std::atomic<int64_t> ready{0};
  fcbench::SpawnOptions so;
  so.die_with_parent = false;
  so.gate_fd = gate.fd[1];
  so.ready_ns = &ready;
  fcbench::Child c;
  std::thread spawner([&] { c = fcbench::spawn({"true"}, so); });
  for (int i = 0; i < 500 && !ready.load(); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(ready.load() > 0);
  std::this_thread::sleep_for(20ms);  // past its fd clean-up, waiting at the gate
  ::close(other[1]);
  pollfd p{other[0], POLLIN, 0};
  CHECK(::poll(&p, 1, 2000) == 1);  // end of file: nobody else holds the write end
  char b;
  CHECK(::read(other[0], &b, 1) == 0);
  REQUIRE(::write(gate.fd[0], "1", 1) == 1);
  spawner.join();
  ::waitpid(c.pid, nullptr, 0);
  ::close(c.out_fd);
  ::close(other[0]);
}

TEST_CASE("spawn: set_child_nice gives every child that nice value, whatever the spawner's",
          "[unit][util]") {
  auto niceness = [] {
    auto c = fcbench::spawn({"nice"});  // prints its own niceness
    std::string out;
    char buf[64];
    for (ssize_t n; (n = ::read(c.out_fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    ::close(c.out_fd);
    ::waitpid(c.pid, nullptr, 0);
    return out;
  };
  fcbench::set_child_nice(7);
  CHECK(niceness() == "7\n");
  fcbench::set_child_nice(std::nullopt);
  CHECK(niceness() == std::to_string(::getpriority(PRIO_PROCESS, 0)) + "\n");  // the spawner's
}
