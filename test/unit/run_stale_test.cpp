// run/stale: the processes a dead run left behind are found by pid and start
// time and ended; a recycled pid or a live run's process is never touched.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "../fixtures/test_support.hpp"
#include "run/stale.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using namespace std::chrono_literals;
using fcbench::run::end_stale_processes;
using fcbench::run::proc_stat;

namespace {

// A survivor of a dead run: not killed when its spawner goes.
pid_t survivor() {
  fcbench::SpawnOptions so;
  so.die_with_parent = false;
  so.capture_output = false;
  return fcbench::spawn({"sleep", "30"}, so).pid;
}

std::string line(pid_t pid, uint64_t start, pid_t fcbench_pid) {
  return nlohmann::json{
             {"id", "i1"}, {"pid", pid}, {"start_time", start}, {"fcbench_pid", fcbench_pid}}
             .dump() +
         "\n";
}

}  // namespace

TEST_CASE("stale processes: /proc/PID/stat gives the start time and parent", "[unit][run]") {
  auto st = proc_stat(::getpid());
  REQUIRE(st);
  CHECK(st->start_time > 0);
  CHECK(st->ppid == ::getppid());
  CHECK_FALSE(proc_stat(-5));
}

TEST_CASE("stale processes: a dead run's survivor is ended, a recycled pid is not", "[unit][run]") {
  fcbench::test::TempDir dir;
  const pid_t dead_run = 999999999;  // no such fcbench any more
  const pid_t a = survivor(), b = survivor();
  const uint64_t start_a = proc_stat(a)->start_time, start_b = proc_stat(b)->start_time;
  fcbench::write_file(dir / "pids.jsonl",
                      line(a, start_a, dead_run) + line(b, start_b + 1, dead_run) + "{\"cut\n");
  CHECK(end_stale_processes(dir.path()) == 1);
  auto st = fcbench::wait_exit(a, 2000ms);
  REQUIRE(st);
  CHECK(WTERMSIG(*st) == SIGKILL);
  CHECK_FALSE(fcbench::wait_exit(b, 200ms));  // its start time differs: another process
  fcbench::kill_and_reap(b);
}

TEST_CASE("stale processes: a live run's process is left alone", "[unit][run]") {
  fcbench::test::TempDir dir;
  const pid_t a = survivor();
  fcbench::write_file(dir / "pids.jsonl", line(a, proc_stat(a)->start_time, ::getpid()));
  CHECK(end_stale_processes(dir.path()) == 0);  // still the child of its fcbench
  CHECK_FALSE(fcbench::wait_exit(a, 200ms));
  fcbench::kill_and_reap(a);
}
