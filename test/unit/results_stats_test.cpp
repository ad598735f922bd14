// results/stats: descriptive statistics, outliers and percentiles.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "results/stats.hpp"

using fcbench::results::describe;
using fcbench::results::percentile;

TEST_CASE("stats: an empty input is all zero", "[unit][results]") {
  auto s = describe({});
  CHECK(s.n == 0);
  CHECK(s.mean == 0);
  CHECK(s.stddev == 0);
  CHECK(s.median == 0);
  CHECK(s.min == 0);
  CHECK(s.max == 0);
}

TEST_CASE("stats: one value has no spread", "[unit][results]") {
  auto s = describe({7.5});
  CHECK(s.n == 1);
  CHECK(s.mean == Approx(7.5));
  CHECK(s.median == Approx(7.5));
  CHECK(s.stddev == 0);
}

TEST_CASE("stats: odd count, unsorted input", "[unit][results]") {
  auto s = describe({5, 1, 3});
  CHECK(s.n == 3);
  CHECK(s.min == 1);
  CHECK(s.max == 5);
  CHECK(s.mean == Approx(3));
  CHECK(s.median == Approx(3));
  CHECK(s.stddev == Approx(2));  // sample: sqrt((4 + 0 + 4) / 2)
}

TEST_CASE("stats: even count takes the mean of the middle two", "[unit][results]") {
  auto s = describe({4, 1, 3, 2});
  CHECK(s.median == Approx(2.5));
  CHECK(s.mean == Approx(2.5));
  CHECK(s.stddev == Approx(std::sqrt(5.0 / 3.0)));  // n-1 in the denominator
  auto skewed = describe({1, 2, 10, 100});
  CHECK(skewed.median == Approx(6));
}

TEST_CASE("stats: modified z-score outliers and relative SD", "[unit][results]") {
  auto s = fcbench::results::describe({10, 10.1, 9.9, 10.05, 9.95, 30});
  CHECK(s.outliers == 1);
  CHECK(s.rsd > 0.5);
  auto flat = fcbench::results::describe({5, 5, 5});
  CHECK(flat.outliers == 0);  // MAD 0: no z-score
  CHECK(flat.rsd == 0);
  CHECK(fcbench::results::describe({1, 2, 3, 4}).outliers == 0);
}

TEST_CASE("stats: outliers count on both sides of the median", "[unit][results]") {
  // |z| = 0.6745 |x - median| / MAD: far below the median counts like far above.
  CHECK(describe({10, 10.1, 9.9, 10.05, 9.95, -10}).outliers == 1);
  CHECK(describe({10, 10.1, 9.9, 10.05, 9.95, 30, -10}).outliers == 2);
  // Median 0 and MAD 1 for {0, 0, 1, -1, 1, -1, x} with x far below, so
  // x = -3.5 / 0.6745 = -5.19 is the edge: just inside, then just outside.
  CHECK(describe({0, 0, 1, -1, 1, -1, -5.1}).outliers == 0);
  CHECK(describe({0, 0, 1, -1, 1, -1, -5.3}).outliers == 1);
}

TEST_CASE("stats: percentile interpolates linearly between ranks", "[unit][results][slowdown]") {
  CHECK(percentile({}, 95) == 0);
  CHECK(percentile({7}, 95) == 7);
  CHECK(percentile({4, 1, 3, 2}, 50) == Approx(2.5));
  CHECK(percentile({4, 1, 3, 2}, 0) == 1);
  CHECK(percentile({4, 1, 3, 2}, 100) == 4);
  // 11 values 0..10: h = 10 * 0.95 = 9.5
  std::vector<double> v;
  for (int i = 10; i >= 0; --i) v.push_back(i);
  CHECK(percentile(v, 95) == Approx(9.5));
  CHECK(percentile(v, 50) == describe(v).median);
}
