// Adaptive repetitions end to end: a real suite under QEMU where one
// benchmark converges and the other runs to its max; the reasons in
// summary.json checked against the records; and, natively, a dry run, an
// interrupt and a resume that keeps the adaptive state.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "e2e_support.hpp"
#include "util/fs.hpp"

namespace {

namespace fs = std::filesystem;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::records;
using fcbench::e2e::Sandbox;
using fcbench::e2e::write_suite;
using nlohmann::json;

std::string fixtures() {
  return FCBENCH_E2E_FIXTURE_DIR;
}

// The entry of summary.json's "repetitions" for `bench`.
json reps_of(const json& summary, const std::string& bench) {
  for (auto& r : summary["repetitions"])
    if (r["benchmark"] == bench) return r;
  FAIL("no repetitions entry for " << bench << " in " << summary.dump(2));
  return {};
}

// Final (ok, failed, timeout) records per benchmark.
std::map<std::string, size_t> final_records(const std::vector<json>& recs) {
  std::map<std::string, size_t> n;
  for (auto& r : recs)
    if (r["status"] == "ok" || r["status"] == "failed" || r["status"] == "timeout")
      ++n[r["benchmark"].get<std::string>()];
  return n;
}

// The relative 95 % CI half-width of the mean, with t from a printed table.
double ci95_rel(const std::vector<double>& v) {
  static const double t975[] = {0, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646};
  REQUIRE(v.size() >= 2);
  REQUIRE(v.size() <= 8);
  double mean = 0, ss = 0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / double(v.size() - 1));
  return t975[v.size() - 1] * sd / std::sqrt(double(v.size())) / std::abs(mean);
}

}  // namespace

TEST_CASE("adaptive: under QEMU one benchmark converges at min, the other hits max",
          "[e2e][adaptive]") {
  Sandbox t;
  // steady watches the prime count, the same every run: converged at min.
  // jittery watches runtime (prime's first metric), whose CI never gets
  // within 0.01 % in 8 TCG runs: max.
  auto suite = write_suite(t, R"(
name: adaptive
defaults:
  timeout_s: 120
  repetitions: {min: 3, max: 8, target_ci: 0.01%}
benchmarks:
  - name: steady
    plugin: prime
    params: {n: 20000}
    primary_metric: count
  - name: jittery
    plugin: prime
    params: {n: 20000}
)");
  auto out = t / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "-j", "3"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  REQUIRE(summary["repetitions"].size() == 2);
  auto recs = records(out);
  auto finals = final_records(recs);
  CHECK(recs.size() == 11);

  auto steady = reps_of(summary, "steady");
  CHECK(steady["stopped"] == "converged");
  CHECK(steady["reason"] == "converged at n=3");
  CHECK(steady["primary_metric"] == "count");
  CHECK(steady["params"] == json{{"method", "trial"}, {"n", 20000}});
  CHECK(steady["runs"] == 3);
  CHECK(steady["n"] == 3);
  CHECK(steady["ci95_half_width_rel"] == 0.0);
  CHECK(finals["steady"] == 3);

  auto jittery = reps_of(summary, "jittery");
  CHECK(jittery["stopped"] == "max");
  CHECK(jittery["primary_metric"] == "runtime");  // the plugin's first metric
  CHECK(jittery["runs"] == 8);
  CHECK(finals["jittery"] == 8);
  // The CI in the reason is the one the records give.
  std::vector<double> runtimes;
  for (auto& rec : recs)
    if (rec["benchmark"] == "jittery" && rec["status"] == "ok")
      runtimes.push_back((*fcbench::e2e::metric(rec, "runtime"))["value"].get<double>());
  REQUIRE(runtimes.size() == 8);
  const double ci = ci95_rel(runtimes);
  CHECK(jittery["ci95_half_width_rel"].get<double>() == Approx(ci).epsilon(1e-4));
  CHECK(jittery["reason"] == fmt::format("hit max=8, CI ±{:.1f} %", ci * 100));
  CHECK(jittery["n"] == 8);

  CHECK(summary["instances_planned"] == 16);
  CHECK(summary["instances_skipped"] == 5);
  CHECK(summary["instances_recorded"] == 11);
  // The terminal says why each stopped.
  CHECK(r.output.find("adaptive repetitions:") != std::string::npos);
  CHECK(r.output.find("steady   converged at n=3  (count CI ±0.0 %, target ±0.01 %; 3 runs)") !=
        std::string::npos);
  CHECK(r.output.find("jittery  hit max=8, CI ±") != std::string::npos);
  CHECK(r.output.find("steady: converged at n=3 (3 runs, 3 ok); no more repetitions") !=
        std::string::npos);
  CHECK(t.leftovers().empty());
}

TEST_CASE("adaptive: a dry run shows every planned repetition and the min..max range",
          "[e2e][adaptive]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
defaults: {vmm: native}
benchmarks:
  - plugin: sleeper
    repetitions: {min: 2, max: 5, target_rsd: 3%}
    primary_metric: vm.end_to_end
)");
  auto r = fcbench_cmd({"run", "--dry-run", suite.string(), "-o", (t / "out").string(),
                        "--plugin-path", fixtures()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') >= 5);
  CHECK(r.output.find("dry run: 'sleeper' repeats adaptively, 2..5 times: it stops once the "
                      "relative standard deviation of 'vm.end_to_end' is within 3.0 %") !=
        std::string::npos);
  CHECK(r.output.find("dry run: 5 instance(s) prepared") != std::string::npos);
}

TEST_CASE("adaptive: interrupted, the summary says incomplete, and resumed, the state carries on",
          "[e2e][adaptive]") {
  Sandbox t;
  auto suite = write_suite(t, R"(
name: adaptive-resume
defaults: {vmm: native, repetitions: {min: 3, max: 10, target_ci: 5%}}
benchmarks:
  - name: steady
    plugin: sleeper
    params: {seconds: 0.25}
  - name: noisy
    plugin: sleeper
    params: {seconds: 0.25}
    primary_metric: vm.end_to_end
    repetitions: {min: 3, max: 10, target_ci: 0.0001%}
)");
  auto out = t / "out";
  auto c = fcbench::e2e::spawn_fcbench(
      {"run", suite.string(), "-o", out.string(), "--grace-s", "0", "--plugin-path", fixtures()},
      t / "log.txt");
  // Interrupt after five records: noisy is then far from its max.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto lines = [&] {
    std::error_code ec;
    if (!fs::exists(out / "results.jsonl", ec)) return size_t(0);
    auto text = fcbench::read_file(out / "results.jsonl");
    return size_t(std::count(text.begin(), text.end(), '\n'));
  };
  while (lines() < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int code = fcbench::e2e::interrupt_and_wait(c.pid);
  INFO(fcbench::read_file(t / "log.txt"));
  CHECK(code == 130);
  auto first = json::parse(fcbench::read_file(out / "summary.json"));
  CHECK(first["interrupted"] == true);
  auto noisy = reps_of(first, "noisy");
  CHECK(noisy["stopped"] == "incomplete");
  CHECK(noisy["runs"].get<int>() < 10);
  CHECK(noisy["reason"].get<std::string>().find("interrupted") != std::string::npos);
  const int noisy_before = noisy["runs"].get<int>();
  CHECK(noisy_before >= 2);
  auto steady_before = reps_of(first, "steady");
  const int left =
      10 - noisy_before +
      (steady_before["stopped"] == "converged" ? 0 : 3 - steady_before["runs"].get<int>());
  size_t kept = 0;
  for (auto& [bench, n] : final_records(records(out))) kept += n;

  auto r = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  auto summary = json::parse(fcbench::read_file(out / "summary.json"));
  auto recs = records(out);
  auto finals = final_records(recs);
  CHECK(recs.size() == 13);  // only final records stay; the rest moved aside
  CHECK(finals["steady"] == 3);
  CHECK(finals["noisy"] == 10);  // 10 in all, not 10 more
  CHECK(reps_of(summary, "steady")["reason"] == "converged at n=3");
  CHECK(reps_of(summary, "steady")["runs"] == 3);
  CHECK(reps_of(summary, "noisy")["stopped"] == "max");
  CHECK(reps_of(summary, "noisy")["runs"] == 10);
  // What was left: noisy's rest, and steady's only if it had not converged.
  CHECK(r.output.find(fmt::format("{} of {} instance(s) left", left, left + kept)) !=
        std::string::npos);
  // Resumed again: every adaptive benchmark has stopped, nothing is left.
  auto again = fcbench_cmd({"run", "--resume", out.string(), "--plugin-path", fixtures()});
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("nothing to resume") != std::string::npos);
  CHECK(records(out).size() == 13);
}
