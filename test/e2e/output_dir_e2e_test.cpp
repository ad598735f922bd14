// One run per results directory: a second writer (run, --resume, merge) is
// refused naming the PID that holds DIR/.lock, and a directory an earlier
// run left files in is refused unless --force.
#include <fmt/format.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "e2e_support.hpp"
#include "util/dir_lock.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::WorkloadFile;

// 12 sleeper instances of 0.5 s, two at a time: about 3 s of run, time enough
// for a second command to meet the first one's lock.
fs::path slow_workload(const Sandbox& t) {
  WorkloadFile w;
  for (int i = 0; i < 12; ++i)
    w.add(fmt::format("s{:02}", i), int64_t(i) * 10'000'000, "sleeper", {{"seconds", 0.5}});
  return w.write(t);
}

std::vector<std::string> run_args(const fs::path& workload, const fs::path& out) {
  return {"run",
          "-w",
          workload.string(),
          "--vmm",
          "native",
          "-j",
          "2",
          "-o",
          out.string(),
          "--plugin-path",
          FCBENCH_E2E_FIXTURE_DIR};
}

// Waits (up to 20 s) until `pid` has written itself into DIR/.lock.
bool wait_for_lock(const fs::path& dir, pid_t pid) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    if (fcbench::lock_holder(dir) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int wait_exit(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace

TEST_CASE("output dir: a second run on the same -o is refused, naming the first's PID",
          "[e2e][lock]") {
  Sandbox t;
  const auto w = slow_workload(t);
  const auto out = t / "out";
  auto first = fcbench::e2e::spawn_fcbench(run_args(w, out), t / "first.log");
  REQUIRE(wait_for_lock(out, first.pid));
  auto second = fcbench_cmd(run_args(w, out));
  INFO(second.output);
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.output, Catch::Contains(out.string() + " is in use: fcbench (PID " +
                                            std::to_string(first.pid) + ")"));
  CHECK(wait_exit(first.pid) == 0);
  INFO(fcbench::read_file(t / "first.log"));
  CHECK(records(out).size() == 12);  // the first run's records only, each once
}

TEST_CASE("output dir: --resume of a run that is still going is refused", "[e2e][lock]") {
  Sandbox t;
  const auto out = t / "out";
  auto first = fcbench::e2e::spawn_fcbench(run_args(slow_workload(t), out), t / "first.log");
  REQUIRE(wait_for_lock(out, first.pid));
  auto r = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", FCBENCH_E2E_FIXTURE_DIR});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("(PID " + std::to_string(first.pid) + ")") &&
                           Catch::Contains("its run is still going"));
  CHECK(wait_exit(first.pid) == 0);
  CHECK(records(out).size() == 12);
  CHECK_FALSE(fs::exists(out / "results.superseded.jsonl"));  // the resume touched nothing
}

TEST_CASE("output dir: merge refuses an OUT another process holds", "[e2e][lock]") {
  Sandbox t;
  const auto out = t / "m";
  fs::create_directories(out);
  const fcbench::DirLock held(out, "test");
  auto r = fcbench_cmd({"merge", (t / "nosuch").string(), "-o", out.string()});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("(PID " + std::to_string(::getpid()) + ")"));
}

TEST_CASE("output dir: an earlier run's leftovers are refused unless --force", "[e2e][lock]") {
  Sandbox t;
  const auto w = slow_workload(t);
  const auto out = t / "out";
  fs::create_directories(out / "logs");
  fcbench::write_file(out / "logs" / "s00.serial.log", "an earlier run's console\n");
  fcbench::write_file(out / "run.json", "{}\n");
  fcbench::write_file(out / "notes.txt", "not fcbench's\n");
  auto r = fcbench_cmd(run_args(w, out));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("holds files of an earlier fcbench run but no results "
                                       "(logs, run.json)") &&
                           Catch::Contains("add --force"));
  CHECK(fs::exists(out / "logs" / "s00.serial.log"));  // untouched
  auto args = run_args(w, out);
  args.push_back("--force");
  r = fcbench_cmd(args);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(records(out).size() == 12);
  CHECK_FALSE(fs::exists(out / "logs" / "s00.serial.log"));  // replaced
  CHECK(fs::exists(out / "notes.txt"));                      // not fcbench's: kept
  // A directory with results is never reused, even with --force.
  r = fcbench_cmd(args);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("already holds results"));
}
