#include <catch2/catch.hpp>
#include <random>

#include "analysis/timeline.hpp"
#include "analysis_support.hpp"
#include "../fixtures/test_support.hpp"
#include "results/baseline.hpp"

using namespace fcbench;

namespace {

// The most instances in flight at any launch instant, counted pairwise
// ([launch, exit) intervals): the O(n^2) oracle for the sweep.
size_t brute_peak(const std::vector<results::Record>& recs) {
  size_t peak = 0;
  for (const auto& a : recs) {
    size_t n = 0;
    for (const auto& b : recs)
      if (b.ts.launched <= a.ts.launched && a.ts.launched < b.ts.exited) ++n;
    peak = std::max(peak, n);
  }
  return peak;
}

}  // namespace

TEST_CASE("concurrency: the sweep's peak equals the pairwise count on random runs") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> start(1, 10'000'000'000), len_ms(1, 3000);
  for (int trial = 0; trial < 20; ++trial) {
    test::TempDir t;
    std::vector<results::Record> recs;
    for (int i = 0; i < 200; ++i)
      recs.push_back(
          test::timed_record("i" + std::to_string(i), "a", 1, start(rng), double(len_ms(rng))));
    test::write_results(t.path(), recs);
    auto c = analysis::concurrency(analysis::load({t.path()}));
    REQUIRE(c);
    CHECK(c->peak == brute_peak(recs));
  }
}

TEST_CASE("concurrency: peak time, mean in flight and bins on a hand-made run") {
  test::TempDir t;
  // [0,4) s, [1,3) s, [2,6) s: three at once over [2,3); busy 4+2+4 = 10 s over 6 s.
  test::write_results(t.path(), {test::timed_record("a", "a", 1, 1'000'000'000, 4000),
                                 test::timed_record("b", "a", 1, 2'000'000'000, 2000),
                                 test::timed_record("c", "a", 1, 3'000'000'000, 4000)});
  auto c = analysis::concurrency(analysis::load({t.path()}), 3);
  REQUIRE(c);
  CHECK(c->peak == 3);
  CHECK(c->peak_at_s == Approx(2));
  CHECK(c->mean_in_flight == Approx(10.0 / 6));
  // 3 bins of 2 s: max in flight 2, 3, 1.
  CHECK(c->bin_s == Approx(2));
  CHECK(c->actual == std::vector<uint32_t>{2, 3, 1});
  CHECK(c->ideal.empty());  // no baseline
}

TEST_CASE("concurrency: back-to-back instances do not overlap") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a", "a", 1, 1'000'000'000, 1000),
                                 test::timed_record("b", "a", 1, 2'000'000'000, 1000)});
  CHECK(analysis::concurrency(analysis::load({t.path()}))->peak == 1);
}

TEST_CASE("slowdown and ideal concurrency come from the baseline's end-to-end median") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a", "a", 1, 1'000'000'000, 4000),
                                 test::timed_record("b", "a", 1, 2'000'000'000, 2000),
                                 test::timed_record("c", "a", 1, 9'000'000'000, 1000, "7")});
  results::Baseline b;
  results::BaselineEntry e;
  e.key = {"prime", {{"n", "1000"}}};
  e.payload_ns = {1'000'000'000};
  e.end_to_end_ns = {1'000'000'000, 3'000'000'000, 2'000'000'000};
  e.end_to_end_median_ns = 2'000'000'000;
  b.entries[e.key] = e;
  std::ofstream(t / "baseline.json") << results::to_json(b).dump();
  auto d = analysis::load({t.path()});
  auto s = analysis::slowdown(d);
  REQUIRE(s);
  CHECK(s->no_baseline == 1);  // n=7 has no entry
  REQUIRE(s->by_plugin.size() == 1);
  CHECK(s->by_plugin[0].n == 2);
  CHECK(s->by_plugin[0].mean == Approx((2.0 + 1.0) / 2));
  REQUIRE(s->points.size() == 2);
  CHECK(s->points[1].in_flight_at_start == 2);  // b starts while a runs
  auto c = analysis::concurrency(d, 3);
  REQUIRE(c);
  // Ideal: a over [1,3) s and b over [2,4) s from their arrivals.
  CHECK(c->ideal.size() == c->actual.size());
  CHECK(*std::max_element(c->ideal.begin(), c->ideal.end()) == 2);
}
