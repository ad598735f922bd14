// A plugin cannot take a run down: its code runs in a plugin host process,
// so a parse() that crashes or hangs fails only its own instance, and a
// library that crashes while loading is refused up front with the reason.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::json;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::write_suite;

std::string fixtures() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

// A sleeper suite: each benchmark's message is what parse() will meet.
fs::path suite_of(const Sandbox& t, const std::string& vmm,
                  const std::vector<std::string>& messages) {
  std::string yaml =
      "name: plugin-host\ndefaults: {vmm: " + vmm + ", timeout_s: 120}\nbenchmarks:\n";
  for (auto& m : messages)
    yaml += "  - name: " + m + "\n    plugin: sleeper\n    params: {message: " + m + "}\n";
  return write_suite(t, yaml);
}

const json& by_benchmark(const std::vector<json>& recs, const std::string& name) {
  for (auto& r : recs)
    if (r["benchmark"] == name) return r;
  FAIL("no record for " << name);
  return recs.front();
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

}  // namespace

TEST_CASE("a guest's output that crashes or hangs the plugin's parse fails only that instance",
          "[e2e][plugin-host]") {
  Sandbox t;
  auto out = t / "out";
  auto suite = suite_of(t, "qemu", {"parse-segv", "parse-hang", "fine"});
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--plugin-path", fixtures(),
                        "--plugin-timeout-s", "2", "-j", "2"});
  INFO(r.output);
  CHECK(r.exit_code == 1);  // some instances failed; the run itself completed
  auto recs = records(out);
  REQUIRE(recs.size() == 3);
  auto& segv = by_benchmark(recs, "parse-segv");
  CHECK(segv["status"] == "failed");
  CHECK_THAT(segv["error"].get<std::string>(),
             Catch::Matchers::Contains("plugin 'sleeper': parse crashed") &&
                 Catch::Matchers::Contains("signal 11 (SIGSEGV)"));
  CHECK(segv["metrics"].empty());
  CHECK(segv["payload_exit_status"] == 0);  // the guest side was fine
  auto& hang = by_benchmark(recs, "parse-hang");
  CHECK(hang["status"] == "failed");
  CHECK_THAT(hang["error"].get<std::string>(),
             Catch::Matchers::Contains("plugin 'sleeper': parse did not answer within 2 s"));
  auto& fine = by_benchmark(recs, "fine");
  CHECK(fine["status"] == "ok");
  CHECK(fine["vmm"] == "qemu");
  REQUIRE(fcbench::e2e::metric(fine, "echo_length"));
  CHECK((*fcbench::e2e::metric(fine, "echo_length"))["value"] == 4);
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(summary["instances_recorded"] == 3);
  // A plugin's crash is final: resume does not run it into the crash again.
  auto again = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("nothing to resume") != std::string::npos);
}

TEST_CASE("a plugin that crashes while loading is refused up front, naming it and why",
          "[e2e][plugin-host]") {
  Sandbox t;
  const std::string misbehaving = FCBENCH_E2E_MISBEHAVING_DIR;
  auto suite = write_suite(t, R"(
name: mixed
defaults: {vmm: native}
benchmarks:
  - plugin: prime
    params: {n: 1000}
  - plugin: crash_job
)");
  auto r = fcbench_cmd({"run", suite.string(), "-o", (t / "out").string(), "--plugin-path",
                        misbehaving, "--plugin-timeout-s", "1"});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Matchers::Contains("plugin 'crash_job': job crashed") &&
                           Catch::Matchers::Contains("SIGABRT"));
  CHECK_FALSE(fs::exists(t / "out" / "results.jsonl"));
  // The others still load; the ones that crash or hang in info are named.
  auto list =
      fcbench_cmd({"plugins", "list", "--plugin-path", misbehaving, "--plugin-timeout-s", "1"});
  INFO(list.output);
  CHECK(list.exit_code == 1);  // as for any library that does not load
  CHECK_THAT(list.output, Catch::Matchers::Contains("prime") &&
                              Catch::Matchers::Contains("crash_info.fcbench.so") &&
                              Catch::Matchers::Contains("info crashed") &&
                              Catch::Matchers::Contains("hang_info.fcbench.so") &&
                              Catch::Matchers::Contains("info did not answer within 1 s"));
  // Without crash_job the suite runs.
  auto ok = write_suite(t,
                        "name: ok\ndefaults: {vmm: native}\nbenchmarks:\n  - plugin: prime\n"
                        "    params: {n: 1000}\n",
                        "ok");
  auto r2 = fcbench_cmd({"run", ok.string(), "-o", (t / "out2").string(), "--plugin-path",
                         misbehaving, "--plugin-timeout-s", "1"});
  INFO(r2.output);
  CHECK(r2.exit_code == 0);
  CHECK(records(t / "out2").at(0)["status"] == "ok");
}

TEST_CASE("a SIGKILLed fcbench takes its plugin hosts with it, even one stuck in parse",
          "[e2e][plugin-host][orphans]") {
  Sandbox t;
  // The library is copied into the sandbox, so its hosts name the sandbox.
  fs::create_directories(t / "plugins");
  fs::copy_file(fs::path(fixtures()) / "sleeper.fcbench.so", t / "plugins" / "sleeper.fcbench.so");
  auto suite = suite_of(t, "native", {"parse-hang"});
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "-o", (t / "out").string(), "--plugin-path", (t / "plugins").string(),
       "--plugin-timeout-s", "600"},
      t / "log.txt");
  // Wait until the host spins in parse: the only process naming the
  // sandbox besides fcbench, with half a second of CPU time used.
  auto spinning = [&] {
    for (auto& p : t.leftovers()) {  // "pid: command line"
      if (std::stoi(p) == c.pid) continue;
      std::ifstream f("/proc/" + std::to_string(std::stoi(p)) + "/stat");
      const std::string stat((std::istreambuf_iterator<char>(f)), {});
      std::istringstream rest(stat.substr(stat.rfind(')') + 2));
      std::string field;
      long ticks = 0;
      for (int i = 3; i <= 15 && rest >> field; ++i)
        if (i >= 14) ticks += std::stol(field);  // utime + stime
      if (ticks >= ::sysconf(_SC_CLK_TCK) / 2) return true;
    }
    return false;
  };
  const bool stuck = eventually(spinning, 20s);
  ::kill(c.pid, SIGKILL);
  int st;
  ::waitpid(c.pid, &st, 0);
  INFO(fcbench::read_file(t / "log.txt"));
  REQUIRE(stuck);
  CHECK(eventually([&] { return t.leftovers().empty(); }, 5s));
}

TEST_CASE("a parse that hangs holds up no other instance's start", "[e2e][plugin-host]") {
  Sandbox t;
  auto out = t / "out";
  auto w = t / "w.jsonl";
  // The first instance's parse hangs for the whole call timeout (4 s); the
  // second is due 0.5 s in, well before that timeout ends.
  fcbench::write_file(
      w, R"({"format":"fcbench-workload-1"})"
         "\n"
         R"({"id":"hang","arrival_ns":0,"plugin":"sleeper","params":{"message":"parse-hang"}})"
         "\n"
         R"({"id":"next","arrival_ns":500000000,"plugin":"sleeper","params":{"message":"fine"}})"
         "\n");
  auto r = fcbench_cmd({"run", "-w", w.string(), "--vmm", "native", "-o", out.string(),
                        "--plugin-path", fixtures(), "--plugin-timeout-s", "4", "-j", "2"});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto recs = records(out);
  REQUIRE(recs.size() == 2);
  const json* next = nullptr;
  for (auto& rec : recs)
    if (rec["id"] == "next") next = &rec;
  REQUIRE(next);
  CHECK((*next)["status"] == "ok");
  // Parsing is off the scheduler's loop: `next` starts on time, not once the
  // hung call has timed out (it used to start about 3.5 s late).
  const int64_t late =
      (*next)["started_ns"].get<int64_t>() - (*next)["scheduled_ns"].get<int64_t>();
  CHECK(late < 1'000'000'000);
}
