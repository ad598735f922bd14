// Stopping child processes gracefully, and waiting for a file to appear.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/path_watch.hpp"
#include "util/process.hpp"

using namespace std::chrono_literals;
using fcbench::PathWatch;
using fcbench::test::TempDir;

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

TEST_CASE("PathWatch: a file created later is seen without polling", "[unit][util]") {
  TempDir t;
  PathWatch w(t.path());
  std::thread maker([&] {
    std::this_thread::sleep_for(150ms);
    fcbench::write_file(t / "other", "");
    fcbench::write_file(t / "fc.sock", "");
  });
  auto t0 = std::chrono::steady_clock::now();
  CHECK(w.wait("fc.sock", -1, 5s) == PathWatch::Result::appeared);
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  maker.join();
  CHECK(w.wait("fc.sock", -1, 1s) == PathWatch::Result::appeared);  // already there
}

TEST_CASE("PathWatch: timeout, and a hang-up of the watched pipe", "[unit][util]") {
  TempDir t;
  PathWatch w(t.path());
  CHECK(w.wait("never", -1, 100ms) == PathWatch::Result::timeout);
  auto c = fcbench::spawn({"sh", "-c", "echo bye"});
  CHECK(w.wait("never", c.out_fd, 5s) == PathWatch::Result::hangup);
  ::close(c.out_fd);
  fcbench::kill_and_reap(c.pid);
  CHECK_THROWS_AS(PathWatch(t / "missing-dir"), fcbench::UserError);
}
