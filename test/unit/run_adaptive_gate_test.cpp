// run/adaptive_gate: each adaptive benchmark's state from its records, and
// the admission rules the scheduler follows (first round of min, then at
// most min in flight, skip once stopped), also under a simulated
// unlimited-concurrency run and when seeded from a resumed run's records.
#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "run/adaptive_gate.hpp"
#include "run/plan.hpp"

using fcbench::config::AdaptiveRepetitions;
using fcbench::config::Benchmark;
using fcbench::results::Record;
using fcbench::results::Status;
using fcbench::run::AdaptiveGate;
using fcbench::run::Instance;
using fcbench::run::Stop;
using fcbench::run::Tracker;
using Verdict = fcbench::run::Admission::Verdict;

namespace {

Benchmark adaptive(const std::string& name, uint32_t min, uint32_t max, double target,
                   AdaptiveRepetitions::Criterion c = AdaptiveRepetitions::Criterion::ci) {
  Benchmark b;
  b.name = name;
  b.plugin = "prime";
  b.vm.adaptive = AdaptiveRepetitions{min, max, c, target};
  b.vm.repetitions = max;
  return b;
}

Record rec(const std::string& bench, Status status, double runtime = 0) {
  Record r;
  r.benchmark = bench;
  r.status = status;
  if (status == Status::ok) r.metrics = {{"runtime", runtime, "ms", false}, {"count", 7, "", true}};
  return r;
}

Instance inst(const Benchmark& b) {
  Instance i;
  i.bench = &b;
  return i;
}

}  // namespace

TEST_CASE("adaptive gate: metric values by name, and the vm.* timings", "[unit][adaptive]") {
  Record r = rec("a", Status::ok, 12.5);
  r.ts.launched = 1'000'000;
  r.ts.payload_start = 3'000'000;
  r.ts.exited = 11'000'000;
  r.guest_payload_ns = 4'500'000;
  using fcbench::run::metric_value;
  CHECK(*metric_value(r, "runtime") == 12.5);
  CHECK(*metric_value(r, "count") == 7);
  CHECK(*metric_value(r, "vm.end_to_end") == Approx(10));
  CHECK(*metric_value(r, "vm.time_to_payload") == Approx(2));
  CHECK(*metric_value(r, "vm.payload") == Approx(4.5));
  CHECK_FALSE(metric_value(r, "missing"));
  r.guest_payload_ns = 0;
  CHECK_FALSE(metric_value(r, "vm.payload"));
}

TEST_CASE("adaptive gate: a tracker takes the first metric, counts final records only",
          "[unit][adaptive]") {
  Benchmark b = adaptive("a", 3, 10, 0.05);
  Tracker t(b);
  CHECK(t.metric().empty());
  CHECK_FALSE(t.add(rec("a", Status::failed)));
  CHECK_FALSE(t.add(rec("a", Status::interrupted)));  // not final: ignored
  CHECK_FALSE(t.add(rec("a", Status::not_started)));
  CHECK_FALSE(t.add(rec("a", Status::ok, 10)));
  CHECK(t.metric() == "runtime");
  CHECK_FALSE(t.add(rec("a", Status::timeout)));
  CHECK(t.sample().runs == 3);
  CHECK(t.sample().ok == 1);
  CHECK(t.sample().values == std::vector<double>{10});
  CHECK_FALSE(t.add(rec("a", Status::ok, 10.1)));
  CHECK(t.add(rec("a", Status::ok, 9.9)));  // n=3 values, ±2.48 %: converged
  CHECK(t.decision().reason == "converged at n=3");
  // The first stop is kept: more records (in flight when it stopped) do not change it.
  CHECK_FALSE(t.add(rec("a", Status::ok, 30)));
  CHECK(t.decision().reason == "converged at n=3");
  CHECK(t.sample().values.size() == 4);

  Benchmark named = adaptive("c", 2, 4, 0.05);
  named.vm.primary_metric = "count";
  Tracker c(named);
  c.add(rec("c", Status::ok, 10));
  CHECK(c.add(rec("c", Status::ok, 50)));  // count is 7 in both: no spread at all
  CHECK(c.metric() == "count");
}

TEST_CASE("adaptive gate: first round of min, then wait, at most min in flight, then skip",
          "[unit][adaptive]") {
  std::vector<Benchmark> benches = {adaptive("a", 3, 6, 0.01), Benchmark{}};
  benches[1].name = "fixed";
  AdaptiveGate gate(benches, {});
  REQUIRE_FALSE(gate.empty());
  const Instance a = inst(benches[0]), fixed = inst(benches[1]);
  CHECK(gate.tracker(&benches[1]) == nullptr);
  CHECK(gate.verdict(fixed) == Verdict::run);
  for (int k = 0; k < 3; ++k) {
    CHECK(gate.verdict(a) == Verdict::run);  // the first round starts freely
    gate.launched(a);
  }
  CHECK(gate.verdict(a) == Verdict::wait);  // until all three have a final record
  gate.recorded(a, rec("a", Status::ok, 10));
  CHECK(gate.verdict(a) == Verdict::wait);
  gate.recorded(a, rec("a", Status::interrupted));  // leaves flight, counts nothing:
  CHECK(gate.verdict(a) == Verdict::run);           // the first round needs one more
  gate.recorded(a, rec("a", Status::ok, 11));
  CHECK(gate.verdict(a) == Verdict::run);
  gate.launched(a);
  CHECK(gate.verdict(a) == Verdict::wait);
  gate.recorded(a, rec("a", Status::ok, 12));  // 10, 11, 12: ±22.6 %, go on
  CHECK_FALSE(gate.stopped(&benches[0]));
  for (int k = 0; k < 3; ++k) {
    CHECK(gate.verdict(a) == Verdict::run);
    gate.launched(a);
  }
  CHECK(gate.verdict(a) == Verdict::skip);  // 3 runs + 3 in flight = max
  gate.recorded(a, rec("a", Status::ok, 30));
  gate.recorded(a, rec("a", Status::failed));
  gate.recorded(a, rec("a", Status::ok, 10));
  CHECK(gate.stopped(&benches[0]));
  CHECK(gate.tracker(&benches[0])->decision().stop == Stop::max);
  CHECK(gate.verdict(a) == Verdict::skip);
  CHECK(gate.verdict(fixed) == Verdict::run);
}

TEST_CASE("adaptive gate: with no cap, at most min in flight: stops near where it converges",
          "[unit][adaptive]") {
  // 10 ± 0.3 alternating reaches RSD ≤ 3.2 % at n=7 (see run_adaptive_test).
  std::vector<Benchmark> benches = {
      adaptive("a", 3, 20, 0.032, AdaptiveRepetitions::Criterion::rsd),
      adaptive("b", 3, 5, 0.0001)};
  fcbench::config::Suite suite;
  suite.file = "/tmp/s.yaml";
  suite.benchmarks = benches;
  fcbench::run::RunOptions opt;
  opt.unlimited = true;
  auto plan = fcbench::run::plan_suite(suite, opt);
  AdaptiveGate gate(plan.benches, {});
  // Every instance takes one tick; all that may start do (no cap).
  std::deque<size_t> queue;
  for (size_t i = 0; i < plan.instances.size(); ++i) queue.push_back(i);
  std::vector<size_t> flying, launched_at_tick0;
  std::map<std::string, size_t> runs, skipped;
  std::map<std::string, size_t> peak_flight;
  for (int tick = 0; !queue.empty() || !flying.empty(); ++tick) {
    REQUIRE(tick < 100);
    for (auto it = queue.begin(); it != queue.end();) {
      const Instance& in = plan.instances[*it];
      auto v = gate.verdict(in);
      if (v == Verdict::wait) {
        ++it;
        continue;
      }
      if (v == Verdict::skip) ++skipped[in.bench->name];
      if (v == Verdict::run) {
        gate.launched(in);
        flying.push_back(*it);
        if (tick == 0) launched_at_tick0.push_back(*it);
      }
      it = queue.erase(it);
    }
    std::map<std::string, size_t> now;
    for (size_t i : flying) ++now[plan.instances[i].bench->name];
    for (auto& [name, n] : now) peak_flight[name] = std::max(peak_flight[name], n);
    for (size_t i : flying) {  // completion order: launch order
      const Instance& in = plan.instances[i];
      const size_t k = runs[in.bench->name]++;
      gate.recorded(in, rec(in.bench->name, Status::ok, k % 2 ? 9.7 : 10.3));
    }
    flying.clear();
  }
  // The first round of both, interleaved in plan order: a1 b1 a2 b2 a3 b3.
  std::vector<std::string> first;
  for (size_t i : launched_at_tick0) first.push_back(plan.instances[i].id);
  CHECK(first == std::vector<std::string>{"0001-a-r1", "0002-b-r1", "0003-a-r2", "0004-b-r2",
                                          "0005-a-r3", "0006-b-r3"});
  // a: ticks of 3 (runs 3, 6, 9); it converged at the 7th record, the 8th and
  // 9th were in flight and are kept; the rest were skipped.
  CHECK(runs["a"] == 9);
  CHECK(skipped["a"] == 11);
  CHECK(peak_flight["a"] == 3);
  const auto* ta = gate.tracker(&plan.benches[0]);
  CHECK(ta->decision().reason == "converged at n=7");
  CHECK(runs["b"] == 5);  // b never converges: its max
  CHECK(skipped["b"] == 0);
  CHECK(gate.tracker(&plan.benches[1])->decision().stop == Stop::max);
}

TEST_CASE("adaptive gate: seeded with a resumed run's records, it goes on from there",
          "[unit][adaptive]") {
  std::vector<Benchmark> benches = {adaptive("a", 3, 10, 0.05), adaptive("b", 3, 10, 0.05)};
  std::vector<Record> done = {rec("a", Status::ok, 10),   rec("b", Status::ok, 10),
                              rec("a", Status::ok, 10.1), rec("b", Status::failed),
                              rec("a", Status::ok, 9.9),  rec("other", Status::ok, 1)};
  AdaptiveGate gate(benches, done);
  CHECK(gate.stopped(&benches[0]));
  CHECK(gate.tracker(&benches[0])->decision().reason == "converged at n=3");
  CHECK(gate.verdict(inst(benches[0])) == Verdict::skip);
  CHECK_FALSE(gate.stopped(&benches[1]));
  CHECK(gate.tracker(&benches[1])->sample().runs == 2);
  CHECK(gate.verdict(inst(benches[1])) == Verdict::run);  // the third of its first round
}
