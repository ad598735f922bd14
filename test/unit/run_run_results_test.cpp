// run/run_results: what a run keeps of its records for its end files,
// gathered one record at a time, without the records themselves.
#include <catch2/catch.hpp>

#include "results/baseline.hpp"
#include "results/slowdown.hpp"
#include "results/summary.hpp"
#include "run/run_results.hpp"

using fcbench::results::Record;
using fcbench::results::Status;
using fcbench::run::Plan;
using fcbench::run::RunResults;

namespace {

const int64_t ms = 1'000'000;

Record rec(const std::string& bench, Status status, int64_t payload_ms, int64_t scheduled_ms,
           int64_t started_ms, std::string started_at) {
  Record r;
  r.id = bench + "-" + started_at;
  r.benchmark = bench;
  r.plugin = "prime";
  r.params = {{"n", bench}};
  r.vmm = "qemu";
  r.accel = "tcg";
  r.status = status;
  if (status != Status::ok) r.error = "it broke";
  r.guest_payload_ns = status == Status::ok ? payload_ms * ms : 0;
  r.scheduled_ns = scheduled_ms * ms;
  r.started_ns = started_ms * ms;
  r.ts.launched = started_ms * ms;
  r.ts.payload_start = (started_ms + 10) * ms;
  r.ts.exited = (started_ms + 20 + payload_ms) * ms;
  r.metrics = {{"runtime", double(payload_ms), "ms", false}};
  r.started_at = std::move(started_at);
  return r;
}

Plan plan_of(const std::string& kind, bool adaptive_b) {
  Plan p;
  p.src.kind = kind;
  p.repetitions = 3;
  for (const char* name : {"a", "b"}) {
    fcbench::config::Benchmark b;
    b.name = name;
    b.plugin = "prime";
    if (adaptive_b && b.name == "b")
      b.vm.adaptive = fcbench::config::AdaptiveRepetitions{2, 5, {}, 0.05};
    p.benches.push_back(b);
  }
  return p;
}

std::vector<Record> earlier() {
  return {rec("a", Status::ok, 100, 1000, 1001, "2026-12-03T10:00:02Z"),
          rec("b", Status::failed, 0, 1000, 1002, "2026-12-03T10:00:01Z")};
}

std::vector<Record> now() {
  return {rec("a", Status::ok, 300, 5000, 5002, "2026-12-03T11:00:00Z"),
          rec("b", Status::ok, 200, 5000, 5004, "2026-12-03T11:00:01Z"),
          rec("a", Status::timeout, 0, 6000, 6001, "2026-12-03T11:00:02Z")};
}

}  // namespace

TEST_CASE("run results: counts, first start and summary match the records they were fed",
          "[unit][run_results]") {
  RunResults kept(plan_of("suite", false), nullptr);
  for (auto& r : earlier()) kept.add_earlier(r);
  for (auto& r : now()) kept.add(r);
  CHECK(kept.earlier() == 2);
  CHECK(kept.recorded() == 5);
  CHECK(kept.not_ok() == 2);
  CHECK(kept.first_started_at() == "2026-12-03T10:00:01Z");
  CHECK_FALSE(kept.baseline());
  CHECK_FALSE(kept.slowdown());
  // No adaptive benchmark: no record is kept whole.
  CHECK(kept.adaptive_records().empty());

  auto all = earlier();
  for (auto& r : now()) all.push_back(r);
  auto expected = fcbench::results::to_json(fcbench::results::summarize(all));
  CHECK(fcbench::results::to_json(kept.summary().take()) == expected);
  auto a = expected["benchmarks"][0];
  CHECK(a["n_ok"] == 2);
  CHECK(a["n_failed"] == 1);
  CHECK(a["metrics"][0]["median"].get<double>() == Approx(200.0));
}

TEST_CASE("run results: the schedule counts only this part's starts", "[unit][run_results]") {
  RunResults kept(plan_of("suite", false), nullptr);
  for (auto& r : earlier()) kept.add_earlier(r);
  for (auto& r : now()) kept.add(r);
  auto s = kept.schedule().to_json(2);
  CHECK(s["started"] == 3);
  CHECK(s["launch_span_s"].get<double>() == Approx(0.999));
  CHECK(s["start_lag_ns"]["max"].get<double>() == Approx(4.0 * ms));
}

TEST_CASE("run results: records of adaptive benchmarks are kept whole, earlier ones first",
          "[unit][run_results]") {
  RunResults kept(plan_of("suite", true), nullptr);
  for (auto& r : earlier()) kept.add_earlier(r);
  for (auto& r : now()) kept.add(r);
  REQUIRE(kept.adaptive_records().size() == 2);
  CHECK(kept.adaptive_records()[0].status == Status::failed);
  CHECK(kept.adaptive_records()[1].guest_payload_ns == 200 * ms);
}

TEST_CASE("run results: a baseline run builds its baseline, a compared run its slowdown",
          "[unit][run_results]") {
  RunResults base(plan_of("baseline", false), nullptr);
  for (auto& r : earlier()) base.add_earlier(r);
  for (auto& r : now()) base.add(r);
  REQUIRE(base.baseline());
  auto b = base.baseline()->take();
  CHECK(b.repetitions == 3);
  CHECK(b.vmm == "qemu");
  auto& a = b.entries.at({"prime", {{"n", "a"}}});
  CHECK(a.payload_ns == std::vector<int64_t>{100 * ms, 300 * ms});
  CHECK(a.n_failed == 1);
  CHECK(a.median_ns == 200 * ms);

  RunResults compared(plan_of("suite", false), &b);
  for (auto& r : now()) compared.add(r);
  compared.add(rec("c", Status::ok, 50, 7000, 7000, "2026-12-03T11:00:03Z"));
  REQUIRE(compared.slowdown());
  auto report = compared.slowdown()->take();
  REQUIRE(report.instances.size() == 2);
  CHECK(report.instances[0].slowdown == Approx(1.5));  // a: 300 ms over a median of 200
  CHECK(report.instances[1].slowdown == Approx(1.0));
  CHECK(report.no_baseline == 1);  // c
  CHECK(report.missing_keys == std::vector<std::string>{"prime{n=c}"});
  CHECK(report.not_ok == 1);  // a's timeout
}
