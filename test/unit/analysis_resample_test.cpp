// analysis/resample: the permutation test against exact p-values, the
// bootstrap CI against the delta method and its coverage, thinning.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "analysis/resample.hpp"

using namespace fcbench::analysis;

namespace {
std::vector<double> normal_sample(std::mt19937_64& rng, size_t n, double mean, double sd) {
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}
}  // namespace

TEST_CASE("resample: thin keeps every k-th value in order", "[unit][analysis]") {
  std::vector<double> v{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  CHECK(thin(v, 3) == std::vector<double>{0, 4, 8});  // k = ceil(10 / 3) = 4
  CHECK(thin(v, 5) == std::vector<double>{0, 2, 4, 6, 8});
  CHECK(thin(v, 10) == v);
  CHECK(thin(v, 100) == v);
}

TEST_CASE("resample: the smallest attainable p-value is 1 / C(a+b, a)", "[unit][analysis]") {
  CHECK(min_attainable_p(4, 4) == Approx(1.0 / 70));
  CHECK(min_attainable_p(5, 5) == Approx(1.0 / 252));
  CHECK(min_attainable_p(3, 7) == Approx(1.0 / 120));
  CHECK(min_attainable_p(0, 7) == 1);
}

TEST_CASE("resample: the permutation p-value approaches the exact one", "[unit][analysis]") {
  // {1,2,3} vs {4,5,6}: of the C(6,3) = 20 relabellings, 2 reach |diff| >= 3.
  std::vector<double> a{1, 2, 3}, b{4, 5, 6};
  CHECK(permutation_p_value(a, b, 100000, 1) == Approx(0.1).margin(0.004));
  // {1..5} vs {6..10}: 2 of 252.
  std::vector<double> c{1, 2, 3, 4, 5}, d{6, 7, 8, 9, 10};
  CHECK(permutation_p_value(c, d, 100000, 1) == Approx(2.0 / 252).margin(0.0015));
  // Unequal sizes {1,2} vs {3,4,5,6}: only the extreme relabelling itself
  // (diff 3) and its mirror {5,6} vs {1..4} (diff -3) reach |diff| >= 3: 2 of 15.
  std::vector<double> e{1, 2}, f{3, 4, 5, 6};
  CHECK(permutation_p_value(e, f, 100000, 1) == Approx(2.0 / 15).margin(0.005));
  // Identical sides: every relabelling is as extreme.
  std::vector<double> g{2, 2, 2}, h{2, 2, 2};
  CHECK(permutation_p_value(g, h, 1000, 1) == 1);
}

TEST_CASE("resample: a fixed seed repeats, another seed differs", "[unit][analysis]") {
  std::mt19937_64 rng(3);
  auto a = normal_sample(rng, 12, 100, 5), b = normal_sample(rng, 12, 104, 5);
  CHECK(permutation_p_value(a, b, 10000, 9) == permutation_p_value(a, b, 10000, 9));
  CHECK(permutation_p_value(a, b, 10000, 9) != permutation_p_value(a, b, 10000, 10));
  auto ci1 = bootstrap_change_ci(a, b, 10000, 9), ci2 = bootstrap_change_ci(a, b, 10000, 9);
  REQUIRE(ci1);
  CHECK(ci1->lo == ci2->lo);
  CHECK(ci1->hi == ci2->hi);
}

TEST_CASE("resample: the bootstrap CI matches the delta method", "[unit][analysis]") {
  std::mt19937_64 rng(11);
  // n values with CV 10 %, new mean 10 % higher: the relative change's
  // standard error is about 1.1 * sqrt(0.1^2/n + 0.1^2/n).
  for (size_t n : {200u, 20000u}) {  // 20000 > kMaxResampled: m-out-of-n
    auto a = normal_sample(rng, n, 100, 10), b = normal_sample(rng, n, 110, 11);
    auto ci = bootstrap_change_ci(a, b, 10000, 1);
    REQUIRE(ci);
    double ma = 0, mb = 0;
    for (double x : a) ma += x / double(n);
    for (double x : b) mb += x / double(n);
    const double change = mb / ma - 1, half = 1.96 * 1.1 * std::sqrt(2 * 0.01 / double(n));
    INFO("n = " << n << ", CI [" << ci->lo << ", " << ci->hi << "], change " << change);
    CHECK((ci->lo + ci->hi) / 2 == Approx(change).margin(half * 0.15));
    CHECK((ci->hi - ci->lo) / 2 == Approx(half).epsilon(0.15));
  }
}

TEST_CASE("resample: no bootstrap CI for one value or a zero base mean", "[unit][analysis]") {
  std::vector<double> one{1}, two{1, 2}, zero{-1, 1};
  CHECK_FALSE(bootstrap_change_ci(one, two, 100, 1));
  CHECK_FALSE(bootstrap_change_ci(two, one, 100, 1));
  CHECK_FALSE(bootstrap_change_ci(zero, two, 100, 1));
}

TEST_CASE("resample: the bootstrap CI covers the true change ~95 % of the time",
          "[unit][analysis]") {
  // n = 30 per side, CV 5 %, true change +3 %. The percentile bootstrap is
  // known to cover a little under nominal at small n.
  std::mt19937_64 rng(2024);
  const int trials = 400;
  int hits = 0;
  for (int t = 0; t < trials; ++t) {
    auto a = normal_sample(rng, 30, 100, 5), b = normal_sample(rng, 30, 103, 5.15);
    auto ci = bootstrap_change_ci(a, b, 2000, uint64_t(t));
    hits += ci->lo <= 0.03 && 0.03 <= ci->hi;
  }
  const double coverage = double(hits) / trials;
  std::printf("bootstrap CI coverage (n=30, CV 5%%, 400 trials): %.3f\n", coverage);
  INFO("coverage " << coverage);
  CHECK(coverage >= 0.91);  // 0.95 less 3.5 binomial sd (0.011) and the small-n shortfall
  CHECK(coverage <= 0.99);
}
