// run/adaptive_summary: summary.json's "repetitions" array and the
// terminal's reason lines, replayed from the records in their order.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "run/adaptive_summary.hpp"

using Catch::Matchers::Contains;
using fcbench::config::AdaptiveRepetitions;
using fcbench::config::Benchmark;
using fcbench::results::Record;
using fcbench::results::Status;

namespace {

Benchmark adaptive(const std::string& name, uint32_t min, uint32_t max, double target,
                   AdaptiveRepetitions::Criterion c = AdaptiveRepetitions::Criterion::ci) {
  Benchmark b;
  b.name = name;
  b.plugin = "prime";
  b.params = {{"n", "1000"}, {"method", "trial"}};
  b.param_types = {{"n", FCB_PARAM_INT}, {"method", FCB_PARAM_STRING}};
  b.vm.adaptive = AdaptiveRepetitions{min, max, c, target};
  b.vm.repetitions = max;
  return b;
}

Record rec(const std::string& bench, Status status, double runtime = 0) {
  Record r;
  r.benchmark = bench;
  r.status = status;
  if (status == Status::ok) r.metrics = {{"runtime", runtime, "ms", false}};
  return r;
}

}  // namespace

TEST_CASE("adaptive summary: why each benchmark stopped, with its final counts",
          "[unit][adaptive]") {
  std::vector<Benchmark> benches = {
      adaptive("conv", 3, 10, 0.05), adaptive("noisy", 2, 3, 0.01),
      adaptive("cut", 3, 10, 0.02, AdaptiveRepetitions::Criterion::rsd), Benchmark{}};
  benches[3].name = "fixed";
  std::vector<Record> records = {rec("conv", Status::ok, 10),   rec("noisy", Status::ok, 10),
                                 rec("cut", Status::ok, 5),     rec("fixed", Status::ok, 1),
                                 rec("conv", Status::ok, 10.1), rec("noisy", Status::failed),
                                 rec("conv", Status::ok, 9.9),  rec("noisy", Status::ok, 14),
                                 rec("conv", Status::ok, 10.4), rec("cut", Status::not_started)};
  auto out = fcbench::run::adaptive_outcomes(benches, records);
  REQUIRE(out.size() == 3);  // the fixed benchmark has no entry
  auto j = fcbench::run::to_json(out);
  REQUIRE(j.is_array());
  // conv converged at its third value; a fourth was in flight and is kept.
  CHECK(j[0]["benchmark"] == "conv");
  CHECK(j[0]["params"] == nlohmann::json{{"method", "trial"}, {"n", 1000}});
  CHECK(j[0]["primary_metric"] == "runtime");
  CHECK(j[0]["criterion"] == "ci");
  CHECK(j[0]["target"] == 0.05);
  CHECK(j[0]["min"] == 3);
  CHECK(j[0]["max"] == 10);
  CHECK(j[0]["n"] == 4);
  CHECK(j[0]["ok"] == 4);
  CHECK(j[0]["runs"] == 4);
  CHECK(j[0]["stopped"] == "converged");
  CHECK(j[0]["reason"] == "converged at n=3");
  // Over all four values: mean 10.1, sd 0.216025, t3 3.182446 → ±3.40 %.
  CHECK(j[0]["ci95_half_width_rel"].get<double>() == Approx(0.034034).epsilon(1e-4));
  CHECK(j[0]["rsd"].get<double>() == Approx(0.0213886).epsilon(1e-4));
  // noisy: 3 runs (one failed), values 10 and 14: t1 12.706 · 2.8284 / √2 / 12 → ±211.8 %.
  CHECK(j[1]["stopped"] == "max");
  CHECK(j[1]["runs"] == 3);
  CHECK(j[1]["n"] == 2);
  CHECK(j[1]["reason"] == "hit max=3, CI ±211.8 %");
  // cut: interrupted after one run (its not_started record does not count).
  CHECK(j[2]["stopped"] == "incomplete");
  CHECK(j[2]["runs"] == 1);
  CHECK(j[2]["ci95_half_width_rel"].is_null());  // n < 2
  CHECK(j[2]["rsd"].is_null());
  CHECK(j[2]["reason"] == "incomplete at n=1 (1 of max=10 runs; interrupted), RSD n/a");

  auto lines = fcbench::run::format_adaptive(out);
  CHECK_THAT(lines, Contains("adaptive repetitions:"));
  CHECK_THAT(lines,
             Contains("conv   converged at n=3  (runtime CI ±3.4 %, target ±5.0 %; 4 runs)"));
  CHECK_THAT(lines, Contains("noisy  hit max=3, CI ±211.8 %  (runtime CI ±211.8 %, target ±1.0 %"));
  CHECK_THAT(lines, Contains("(runtime RSD n/a, target 2.0 %; 1 runs)"));
  CHECK(fcbench::run::format_adaptive({}).empty());
}

TEST_CASE("adaptive summary: a metric no record has is named as unknown", "[unit][adaptive]") {
  std::vector<Benchmark> benches = {adaptive("a", 2, 5, 0.05)};
  benches[0].vm.primary_metric = "runtme";
  auto out = fcbench::run::adaptive_outcomes(
      benches, {rec("a", Status::ok, 1), rec("a", Status::ok, 2), rec("a", Status::ok, 3)});
  auto j = fcbench::run::to_json(out);
  CHECK(j[0]["stopped"] == "no_metric");
  CHECK(j[0]["runs"] == 3);  // it stopped at min=2; the third was in flight
  CHECK(j[0]["n"] == 0);
  CHECK(j[0]["primary_metric"] == "runtme");
  CHECK_THAT(j[0]["reason"].get<std::string>(),
             Contains("no ok run reported the primary metric 'runtme' (they reported runtime)"));
}
