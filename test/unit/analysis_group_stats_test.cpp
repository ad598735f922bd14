#include <catch2/catch.hpp>

#include "analysis/group_stats.hpp"

using namespace fcbench;

namespace {

// A dataset with one series of `values`, instance ids "i0", "i1", ...
analysis::Dataset one_series(const std::vector<double>& values) {
  analysis::Dataset d;
  analysis::Series s;
  s.key = {"b", "prime", R"({"n":10})", "qemu", "tcg", "rate"};
  s.unit = "ops/s";
  s.higher_is_better = true;
  for (size_t i = 0; i < values.size(); ++i) {
    d.set_id(d.instances.emplace_back(), "i" + std::to_string(i));
    s.values.push_back(values[i]);
    s.instances.push_back(uint32_t(i));
  }
  d.series.push_back(s);
  return d;
}

}  // namespace

TEST_CASE("describe: the textbook values of 1..10") {
  auto d = one_series({7, 1, 10, 3, 5, 2, 9, 4, 8, 6});
  auto g = analysis::describe(d.series[0], d);
  CHECK(g.n == 10);
  CHECK(g.mean == Approx(5.5));
  CHECK(g.sd == Approx(3.0276503541));  // sqrt(82.5 / 9)
  CHECK(g.cv == Approx(3.0276503541 / 5.5));
  CHECK(g.median == Approx(5.5));
  CHECK(g.min == 1);
  CHECK(g.max == 10);
  // Linear between closest ranks, h = (n-1) p / 100: p25 -> x[2.25] = 3.25.
  CHECK(g.p5 == Approx(1.45));
  CHECK(g.p25 == Approx(3.25));
  CHECK(g.p75 == Approx(7.75));
  CHECK(g.p95 == Approx(9.55));
  CHECK(g.p99 == Approx(9.91));
  REQUIRE(g.ci95_mean);
  // 5.5 +- t(0.975, 9) * sd / sqrt(10) = 5.5 +- 2.2622 * 0.95743
  CHECK(g.ci95_mean->lo == Approx(5.5 - 2.262157 * 0.957427).epsilon(1e-4));
  CHECK(g.ci95_mean->hi == Approx(5.5 + 2.262157 * 0.957427).epsilon(1e-4));
  REQUIRE(g.ci95_median);
  CHECK(g.ci95_median->lo <= 5.5);
  CHECK(g.ci95_median->hi >= 5.5);
  CHECK(g.outliers.empty());
}

TEST_CASE("describe: outliers are listed by instance id") {
  auto d = one_series({10, 10.2, 9.9, 10.1, 9.8, 10, 10.3, 50});
  auto g = analysis::describe(d.series[0], d);
  CHECK(g.outliers == std::vector<std::string>{"i7"});
}

TEST_CASE("describe: one value has no CI, never a zero-width one") {
  auto d = one_series({4});
  auto g = analysis::describe(d.series[0], d);
  CHECK(g.n == 1);
  CHECK(g.mean == 4);
  CHECK_FALSE(g.ci95_mean);
  CHECK_FALSE(g.ci95_median);
  auto j = analysis::to_json(g);
  CHECK(j["ci95_mean"].is_null());
  CHECK(j["ci95_median"].is_null());
}

TEST_CASE("to_json: the contract's keys, params as an object") {
  auto d = one_series({1, 2, 3});
  auto j = analysis::to_json(analysis::describe(d.series[0], d));
  for (const char* k :
       {"benchmark", "plugin", "params", "vmm", "accel",     "metric",      "unit",    "better",
        "n",         "mean",   "sd",     "cv",  "median",    "min",         "max",     "p5",
        "p25",       "p75",    "p95",    "p99", "ci95_mean", "ci95_median", "outliers"})
    CHECK(j.contains(k));
  CHECK(j["params"]["n"] == 10);
  CHECK(j["better"] == "higher");
  CHECK(j["ci95_mean"].size() == 2);
}
