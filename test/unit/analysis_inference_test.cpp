// analysis/inference: the confidence intervals against textbook values and
// their coverage on seeded synthetic normal data.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/inference.hpp"
#include "analysis/median_ci.hpp"

using namespace fcbench::analysis;

namespace {
std::vector<double> normal_sample(std::mt19937_64& rng, size_t n, double mean, double sd) {
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}
}  // namespace

TEST_CASE("inference: ci95_mean of 1..10 uses t(0.975, df=9) = 2.262", "[unit][analysis]") {
  std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto ci = ci95_mean(v);
  REQUIRE(ci);
  // mean 5.5, sd sqrt(55/6) = 3.02765, half = 2.262157 * 3.02765 / sqrt(10) = 2.16585
  CHECK(ci->lo == Approx(3.33415).epsilon(1e-5));
  CHECK(ci->hi == Approx(7.66585).epsilon(1e-5));
}

TEST_CASE("inference: ci95_mean of two values uses t(0.975, df=1) = 12.706", "[unit][analysis]") {
  std::vector<double> v{0, 2};  // mean 1, sd sqrt(2), half = 12.7062 * sqrt(2) / sqrt(2)
  auto ci = ci95_mean(v);
  REQUIRE(ci);
  CHECK(ci->lo == Approx(1 - 12.7062).epsilon(1e-5));
  CHECK(ci->hi == Approx(1 + 12.7062).epsilon(1e-5));
}

TEST_CASE("inference: no CI for fewer than two values", "[unit][analysis]") {
  CHECK_FALSE(ci95_mean(std::vector<double>{}));
  CHECK_FALSE(ci95_mean(std::vector<double>{3}));
  CHECK_FALSE(ci95_median(std::vector<double>{}));
  CHECK_FALSE(ci95_median(std::vector<double>{3}));
}

TEST_CASE("inference: identical values give a zero-width CI at the value", "[unit][analysis]") {
  std::vector<double> v(8, 4.0);
  CHECK(ci95_mean(v)->lo == 4.0);
  CHECK(ci95_mean(v)->hi == 4.0);
  CHECK(ci95_median(v)->lo == 4.0);
  CHECK(ci95_median(v)->hi == 4.0);
}

TEST_CASE("inference: median CI ranks match the binomial tables", "[unit][analysis]") {
  // P(B <= 1 | n=10) = 11/1024 = 0.0107 <= 0.025 < P(B <= 2) = 56/1024: ranks 2 and 9.
  CHECK(median_ci_rank_exact(10) == 2);
  // n=20: P(B <= 5) = 21700/2^20 = 0.0207, P(B <= 6) = 0.0577: ranks 6 and 15.
  CHECK(median_ci_rank_exact(20) == 6);
  // n=100: ranks 40 and 61 (P(B <= 39) = 0.0176, P(B <= 40) = 0.0284).
  CHECK(median_ci_rank_exact(100) == 40);
  // n=6: P(B = 0) = 1/64 <= 0.025: min..max; n=5: 1/32 > 0.025, still min..max.
  CHECK(median_ci_rank_exact(6) == 1);
  CHECK(median_ci_rank_exact(5) == 1);
  CHECK(median_ci_rank_exact(2) == 1);
}

TEST_CASE("inference: median CI picks the order statistics of unsorted input", "[unit][analysis]") {
  std::vector<double> v{10, 3, 7, 1, 9, 2, 8, 4, 6, 5};  // ranks 2 and 9 of 1..10
  auto ci = ci95_median(v);
  REQUIRE(ci);
  CHECK(ci->lo == 2);
  CHECK(ci->hi == 9);
  std::vector<double> three{5, 1, 3};
  CHECK(ci95_median(three)->lo == 1);
  CHECK(ci95_median(three)->hi == 5);
}

TEST_CASE("inference: the normal approximation of the median rank is within one of exact",
          "[unit][analysis]") {
  for (size_t n : {1001u, 1500u, 2000u, 5000u, 20000u, 100000u, 1000000u}) {
    INFO("n = " << n);
    const auto exact = double(median_ci_rank_exact(n));
    CHECK(std::abs(exact - double(median_ci_rank_normal(n))) <= 1);
    CHECK(median_ci_rank(n) == median_ci_rank_normal(n));
  }
  CHECK(median_ci_rank(1000) == median_ci_rank_exact(1000));
}

TEST_CASE("inference: the CIs cover the true mean and median ~95 % of the time",
          "[unit][analysis]") {
  std::mt19937_64 rng(20240610);
  for (size_t n : {10u, 20u, 2000u}) {
    const int trials = n > 100 ? 500 : 4000;
    int mean_hits = 0, median_hits = 0;
    for (int t = 0; t < trials; ++t) {
      auto v = normal_sample(rng, n, 100, 5);
      auto m = ci95_mean(v), md = ci95_median(v);
      mean_hits += m->lo <= 100 && 100 <= m->hi;
      median_hits += md->lo <= 100 && 100 <= md->hi;
    }
    const double mean_cov = double(mean_hits) / trials, median_cov = double(median_hits) / trials;
    // The median CI's exact coverage: 1 - 2 P(B <= j-1) is 0.9785 for n=10 and
    // 0.9586 for n=20; ~0.95 for n=2000. Bounds: 3.5 binomial sd of the trials.
    const double median_target = n == 10 ? 0.9785 : n == 20 ? 0.9586 : 0.95;
    const double tol_mean = 3.5 * std::sqrt(0.95 * 0.05 / trials);
    const double tol_median = 3.5 * std::sqrt(median_target * (1 - median_target) / trials);
    INFO("n = " << n << ", mean coverage " << mean_cov << ", median coverage " << median_cov);
    CHECK(std::abs(mean_cov - 0.95) <= tol_mean);
    CHECK(std::abs(median_cov - median_target) <= tol_median);
  }
}

TEST_CASE("inference: ci95_median of a million values is fast and tight", "[unit][analysis]") {
  std::mt19937_64 rng(7);
  auto v = normal_sample(rng, 1000000, 0, 1);
  const auto t0 = std::chrono::steady_clock::now();
  auto ci = ci95_median(v);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(ci);
  // Asymptotic half-width: 1.96 * sqrt(pi/2) * sd / sqrt(n) = 0.002456.
  CHECK((ci->hi - ci->lo) / 2 == Approx(0.002456).epsilon(0.15));
  CHECK(std::abs((ci->lo + ci->hi) / 2) < 0.01);  // the true median 0, within ~8 standard errors
  CHECK(secs < 2.0);  // O(n) selection; a sort-per-rank or O(n^2) search would not be
}

TEST_CASE("inference: verdict names", "[unit][analysis]") {
  CHECK(to_string(Verdict::regressed) == "regressed");
  CHECK(to_string(Verdict::improved) == "improved");
  CHECK(to_string(Verdict::unchanged) == "unchanged");
  CHECK(to_string(Verdict::inconclusive) == "inconclusive");
}
