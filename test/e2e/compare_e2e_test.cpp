// `fcbench compare` on real QEMU runs: two runs of one suite side by side
// are unchanged in every group; a third run while busy loops compete for
// every CPU is regressed on the payload's runtime, and --fail-on-regression
// exits 1. Bad sides exit 2.
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::Sandbox;
using fcbench::e2e::write_suite;
using nlohmann::json;

// prime to 1,000,000 runs for a few hundred ms under TCG: long enough that
// scheduler time slices average out, so contention shows as a runtime shift
// rather than as noise. Eight repetitions: with 8 + 8 values the smallest
// permutation p-value is 2/12870, so a contended run whose slowest and
// fastest values overlap a little with the base still lands under alpha.
constexpr const char* kSuite = R"(
name: compare-e2e
defaults: {timeout_s: 600, repetitions: 8}
benchmarks:
  - plugin: prime
    params: {n: 1000000}
)";

// Raises the calling thread's priority to nice -19 while alive, when allowed
// (CAP_SYS_NICE); the fcbench runs and busy loops it starts inherit it. On a
// machine shared with other work (a CI runner, parallel builds) this keeps
// that foreign load from moving the guests' timings between runs, so what
// the comparisons see is this test's own doing. Without the capability the
// test runs at normal priority and relies on a quiet host.
class HighPriority {
 public:
  HighPriority() : tid_(pid_t(::syscall(SYS_gettid))) {
    errno = 0;
    old_ = ::getpriority(PRIO_PROCESS, id_t(tid_));
    raised_ = errno == 0 && ::setpriority(PRIO_PROCESS, id_t(tid_), -19) == 0;
  }
  ~HighPriority() {
    if (raised_) ::setpriority(PRIO_PROCESS, id_t(tid_), old_);
  }
  bool raised() const { return raised_; }

 private:
  pid_t tid_;
  int old_ = 0;
  bool raised_ = false;
};

// kPerCpu spinning threads per online CPU while alive, at the creating
// thread's priority: with k of them per CPU, a QEMU vCPU thread of the same
// priority gets about 1/(k+1) of a CPU (the scheduler balances them across
// CPUs), and the guest's runtime goes up by half or more even measured
// against a base that ran beside another run (seen here: +164 % and +535 %).
class BusyLoops {
 public:
  static constexpr unsigned kPerCpu = 3;
  BusyLoops() {
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < cpus * long(kPerCpu); ++i)
      threads_.emplace_back([this] {
        volatile uint64_t x = 0;
        while (!stop_.load(std::memory_order_relaxed)) x = x + 1;
      });
  }
  ~BusyLoops() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }
  size_t count() const { return threads_.size(); }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

fs::path run_suite(const Sandbox& t, const fs::path& suite, const std::string& name) {
  auto out = t / name;
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return out;
}

// `fcbench compare BASE NEW --format json -o FILE ARGS...`: its exit code and JSON.
std::pair<int, json> compare_json(const Sandbox& t, const fs::path& base, const fs::path& next,
                                  std::vector<std::string> extra = {}) {
  auto file = t / "compare.json";
  std::vector<std::string> args{"compare", base.string(), next.string(), "--format",
                                "json",    "-o",          file.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = fcbench_cmd(args);
  INFO(r.output);
  REQUIRE(fs::exists(file));
  auto j = json::parse(fcbench::read_file(file));
  fs::remove(file);
  return {r.exit_code, j};
}

const json& group(const json& c, const std::string& metric) {
  for (auto& g : c["groups"])
    if (g["metric"] == metric) return g;
  FAIL("no group for " << metric << " in " << c.dump(2));
  return c;
}

}  // namespace

TEST_CASE("compare: same suite twice is unchanged, under CPU contention runtime regressed",
          "[e2e][compare][serial]") {
  Sandbox t;
  HighPriority priority;
  INFO("runs at nice -19: " << priority.raised());
  auto suite = write_suite(t, kSuite);
  // A and B run at the same time, so that whatever else the host does meanwhile
  // (builds, other guests, I/O) falls on both alike; one after the other, a
  // change of the host's load between the two runs is a real difference that
  // compare rightly reports (boot times moved by 28 % with p = 0.002 on a
  // shared 2-core machine). The guest assets are built once, first.
  auto prepared = fcbench_cmd({"prepare", suite.string()});
  INFO(prepared.output);
  REQUIRE(prepared.exit_code == 0);
  // (Catch assertions stay on this thread: B's thread only runs fcbench.)
  const auto a = t / "a", b = t / "b";
  auto run_b = std::async(std::launch::async, [&] {
    return fcbench_cmd({"run", suite.string(), "-o", b.string()});
  });
  auto ra = fcbench_cmd({"run", suite.string(), "-o", a.string()});
  auto rb = run_b.get();
  INFO(ra.output << "\n" << rb.output);
  REQUIRE(ra.exit_code == 0);
  REQUIRE(rb.exit_code == 0);

  auto [aa_code, aa] = compare_json(t, a, b, {"--fail-on-regression"});
  INFO("A/A: " << aa.dump(2));
  CHECK(aa_code == 0);
  REQUIRE(aa["groups"].size() >= 3);  // runtime, count and the VM durations
  for (auto& g : aa["groups"]) {
    INFO(g.dump());
    CHECK(g["verdict"] == "unchanged");
    CHECK(g["n_base"] == 8);
    CHECK(g["n_new"] == 8);
  }
  CHECK(aa["only_base"].empty());
  CHECK(aa["only_new"].empty());
  CHECK(group(aa, "count")["change_mean"] == 0);  // 78498 primes, every time
  std::cout << "A/A:\n" << fcbench_cmd({"compare", a.string(), b.string()}).output << std::flush;

  fs::path c;
  {
    BusyLoops busy;
    INFO(busy.count() << " busy loops");
    c = run_suite(t, suite, "c");
  }
  auto [ac_code, ac] = compare_json(t, a, c, {"--fail-on-regression"});
  INFO("A/C: " << ac.dump(2));
  auto& runtime = group(ac, "runtime");
  CHECK(runtime["verdict"] == "regressed");
  CHECK(runtime["change_mean"].get<double>() > 0.25);
  CHECK(runtime["p_value"].get<double>() < 0.01);
  CHECK(ac_code == 1);
  CHECK(group(ac, "count")["verdict"] == "unchanged");

  // Without --fail-on-regression the same comparison exits 0, and the text
  // table names the regression and labels TCG.
  auto text = fcbench_cmd({"compare", a.string(), c.string()});
  INFO(text.output);
  std::cout << "under contention:\n" << text.output << std::flush;
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.output, Catch::Contains("regressed"));
  const bool tcg = ac["groups"][0]["accel"] == "tcg";
  if (tcg) CHECK_THAT(text.output, Catch::Contains("emulated (TCG)"));
}

TEST_CASE("compare: bad sides exit 2 with a clear message", "[e2e][compare]") {
  Sandbox t;
  auto missing = fcbench_cmd({"compare", (t / "nope").string(), (t / "nope2").string()});
  CHECK(missing.exit_code == 2);
  // A side names a directory or a history ref (history/ref.hpp): the message says neither exists.
  CHECK_THAT(missing.output, Catch::Contains((t / "nope").string()) &&
                                 Catch::Contains("no directory of that name"));

  auto one = fcbench_cmd({"compare", t.path().string()});
  CHECK(one.exit_code == 2);

  auto bad_threshold = fcbench_cmd({"compare", "a", "b", "--threshold", "5"});
  CHECK(bad_threshold.exit_code == 2);
  CHECK_THAT(bad_threshold.output, Catch::Contains("--threshold"));

  auto bad_format = fcbench_cmd({"compare", "a", "b", "--format", "html"});
  CHECK(bad_format.exit_code == 2);

  // Two real (native) runs with no group in common.
  auto native = [&](const std::string& name) {
    auto suite = write_suite(t, R"(
name: )" + name + R"(
defaults: {vmm: native, repetitions: 1}
benchmarks:
  - name: )" + name + R"(
    plugin: prime
    params: {n: 1000}
)",
                             name);
    return run_suite(t, suite, name);
  };
  auto x = native("x"), y = native("y");
  auto mismatched = fcbench_cmd({"compare", x.string(), y.string()});
  INFO(mismatched.output);
  CHECK(mismatched.exit_code == 2);
  CHECK_THAT(mismatched.output, Catch::Contains("mismatched sides"));
}
