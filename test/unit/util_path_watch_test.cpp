// util/path_watch: waiting for a file to appear, without polling.
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
