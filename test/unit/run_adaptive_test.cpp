// run/adaptive: the decision of adaptive repetitions, against values
// computed by hand (t quantiles from a printed table, CI half-widths from
// t · sd / √n).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "run/adaptive.hpp"

using Catch::Matchers::Contains;
using fcbench::config::AdaptiveRepetitions;
using fcbench::run::decide;
using fcbench::run::Decision;
using fcbench::run::Sample;
using fcbench::run::Stop;

namespace {

AdaptiveRepetitions spec(uint32_t min, uint32_t max, double target,
                         AdaptiveRepetitions::Criterion c = AdaptiveRepetitions::Criterion::ci) {
  AdaptiveRepetitions a;
  a.min = min;
  a.max = max;
  a.target = target;
  a.criterion = c;
  return a;
}

// Feeds the values one run at a time (all ok) until decide() stops; returns
// the decision and how many runs it took (0: never stopped).
std::pair<Decision, size_t> run_until_stop(const std::vector<double>& values,
                                           const AdaptiveRepetitions& a) {
  Sample s;
  for (double v : values) {
    s.values.push_back(v);
    ++s.ok;
    ++s.runs;
    auto d = decide(s, a, "runtime");
    if (d.stop != Stop::none) return {d, s.runs};
  }
  return {{}, 0};
}

// 10.3, 9.7, 10.3, 9.7, ...: mean 10 (even n), sd 0.3·√(n/(n−1)).
std::vector<double> alternating(double mid, double dev, size_t n) {
  std::vector<double> v;
  for (size_t i = 0; i < n; ++i) v.push_back(i % 2 ? mid - dev : mid + dev);
  return v;
}

}  // namespace

TEST_CASE("adaptive: t quantiles match the printed table", "[unit][adaptive]") {
  // The table's 4 decimals: within half a unit of the last digit.
  CHECK(fcbench::run::t975(1) == Approx(12.7062).margin(5e-5));
  CHECK(fcbench::run::t975(2) == Approx(4.3027).margin(5e-5));
  CHECK(fcbench::run::t975(4) == Approx(2.7764).margin(5e-5));
  CHECK(fcbench::run::t975(9) == Approx(2.2622).margin(5e-5));
  CHECK(fcbench::run::t975(29) == Approx(2.0452).margin(5e-5));
  CHECK(fcbench::run::t975(100000) == Approx(1.9600).margin(5e-5));
}

TEST_CASE("adaptive: spread of five values, by hand", "[unit][adaptive]") {
  // mean 10, sd = √(0.1/4) = 0.158114; half-width 2.7764 · 0.158114 / √5 = 0.196323.
  auto s = fcbench::run::spread(std::vector<double>{10, 10.2, 9.8, 10.1, 9.9});
  REQUIRE(s.ci95_rel);
  REQUIRE(s.rsd);
  CHECK(*s.ci95_rel == Approx(0.0196323).epsilon(1e-4));
  CHECK(*s.rsd == Approx(0.0158114).epsilon(1e-4));
  CHECK_FALSE(fcbench::run::spread(std::vector<double>{10}).ci95_rel);  // n < 2: none
  auto same = fcbench::run::spread(std::vector<double>{0, 0, 0});
  CHECK(*same.ci95_rel == 0);
  auto zero_mean = fcbench::run::spread(std::vector<double>{-1, 1});
  CHECK(std::isinf(*zero_mean.ci95_rel));
}

TEST_CASE("adaptive: low-noise values converge at the n computed by hand", "[unit][adaptive]") {
  // 10 ± 0.3 alternating, target ±2 %:
  //  n=10: sd 0.316228, t9 2.2622 → ±2.262 %;
  //  n=11: mean 10.0273, sd 0.313340, t10 2.2281 → ±2.099 %;
  //  n=12: sd 0.313340, t11 2.2010 → ±1.991 %, within 2 %.
  auto values = alternating(10, 0.3, 50);
  auto [d, runs] = run_until_stop(values, spec(5, 50, 0.02));
  CHECK(d.stop == Stop::converged);
  CHECK(runs == 12);
  CHECK(d.reason == "converged at n=12");
  using fcbench::run::spread;
  CHECK(*spread({values.data(), 11}).ci95_rel == Approx(0.0209933).epsilon(1e-4));
  CHECK(*spread({values.data(), 12}).ci95_rel == Approx(0.0199085).epsilon(1e-4));
}

TEST_CASE("adaptive: nothing is decided before min, even for identical values",
          "[unit][adaptive]") {
  auto [d, runs] = run_until_stop({5, 5, 5, 5, 5, 5, 5}, spec(4, 10, 0.01));
  CHECK(d.stop == Stop::converged);
  CHECK(runs == 4);
  CHECK(d.reason == "converged at n=4");
}

TEST_CASE("adaptive: noisy values hit max, and say how far off they were", "[unit][adaptive]") {
  // 10 ± 3 alternating, n=8: sd 3.207135, t7 2.364624 → ±26.8 %.
  auto [d, runs] = run_until_stop(alternating(10, 3, 20), spec(3, 8, 0.02));
  CHECK(d.stop == Stop::max);
  CHECK(runs == 8);
  CHECK(d.reason == "hit max=8, CI ±26.8 %");
}

TEST_CASE("adaptive: the RSD criterion converges where the RSD first drops to the target",
          "[unit][adaptive]") {
  // 10 ± 0.3 alternating: RSD 3.267 % at n=5, 3.286 % at n=6, 3.193 % at n=7.
  auto rsd = AdaptiveRepetitions::Criterion::rsd;
  auto [d, runs] = run_until_stop(alternating(10, 0.3, 20), spec(5, 20, 0.032, rsd));
  CHECK(d.stop == Stop::converged);
  CHECK(runs == 7);
  auto [m, at] = run_until_stop(alternating(10, 0.3, 20), spec(5, 9, 0.01, rsd));
  CHECK(m.stop == Stop::max);
  CHECK(at == 9);
  CHECK(m.reason == "hit max=9, RSD 3.2 %");  // n=9: mean 10.0333, sd 0.316228
}

TEST_CASE("adaptive: failed runs count toward max, not toward the statistic", "[unit][adaptive]") {
  auto a = spec(3, 10, 0.05);
  Sample s;
  s.runs = 3, s.ok = 2, s.values = {10, 10.1};  // one of the first three failed
  CHECK(decide(s, a, "m").stop == Stop::none);  // two values: fewer than min
  s.runs = 5, s.ok = 3, s.values = {10, 10.1, 9.9};
  // mean 10, sd 0.1, t2 4.3027 → ±2.48 %: within 5 % once there are min values.
  CHECK(decide(s, a, "m").reason == "converged at n=3");

  auto tight = spec(3, 4, 0.001);
  s.runs = 4, s.ok = 2, s.values = {10, 11};  // two failures: max reached with two values
  auto d = decide(s, tight, "m");
  CHECK(d.stop == Stop::max);
  CHECK(d.reason == "hit max=4, CI ±60.5 %");  // 12.706 · 0.7071 / √2 / 10.5
  s.values = {10};
  s.ok = 1;
  CHECK(decide(s, tight, "m").reason == "hit max=4, CI n/a");
}

TEST_CASE("adaptive: all of the first min runs failing stops the benchmark", "[unit][adaptive]") {
  Sample s;
  s.runs = 2;
  CHECK(decide(s, spec(3, 50, 0.02), "m").stop == Stop::none);
  s.runs = 3;
  auto d = decide(s, spec(3, 50, 0.02), "m");
  CHECK(d.stop == Stop::failed);
  CHECK(d.reason == "all 3 runs failed; stopped at min=3");
}

TEST_CASE("adaptive: a primary metric no run reports stops at min and says so",
          "[unit][adaptive]") {
  Sample s;
  s.runs = 3, s.ok = 3;
  auto d = decide(s, spec(3, 50, 0.02), "runtme", {"runtime", "count"});
  CHECK(d.stop == Stop::no_metric);
  CHECK_THAT(d.reason, Contains("'runtme'") && Contains("they reported runtime, count"));
}

TEST_CASE("adaptive: percentages print with one decimal, small ones with two digits",
          "[unit][adaptive]") {
  using fcbench::run::percent;
  CHECK(percent(0.034) == "3.4 %");
  CHECK(percent(0.02) == "2.0 %");
  CHECK(percent(0.00012) == "0.012 %");
  CHECK(percent(0) == "0.0 %");
  CHECK(percent(INFINITY) == "∞ %");
}
