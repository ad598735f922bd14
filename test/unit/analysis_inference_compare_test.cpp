// analysis/inference_compare: the A/B verdict. Seeded trials measure its
// false-positive rate (A/A), its power on a known effect, and that a change
// under the threshold is never flagged; the rates are printed.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "analysis/inference.hpp"

using namespace fcbench::analysis;

namespace {
std::vector<double> normal_sample(std::mt19937_64& rng, size_t n, double mean, double sd) {
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// `trials` seeded trials: base ~ N(100, cv*100), new ~ N(100 (1+shift),
// cv*100 (1+shift)), lower is better.
std::vector<Change> run_trials(uint64_t seed, int trials, size_t n, double cv, double shift,
                               const CompareOptions& o) {
  std::mt19937_64 rng(seed);
  std::vector<Change> out;
  for (int t = 0; t < trials; ++t) {
    auto a = normal_sample(rng, n, 100, 100 * cv);
    auto b = normal_sample(rng, n, 100 * (1 + shift), 100 * cv * (1 + shift));
    CompareOptions ot = o;
    ot.seed = uint64_t(t) + 1;
    out.push_back(compare(a, b, false, ot));
  }
  return out;
}

// The share of trials with the verdict.
double rate(const std::vector<Change>& cs, Verdict v) {
  return double(std::count_if(cs.begin(), cs.end(), [&](auto& c) { return c.verdict == v; })) /
         double(cs.size());
}

// The share a rule with another threshold would flag as regressed: p < alpha
// and a change beyond `threshold` (the trials here are lower-is-better).
double regressed_at(const std::vector<Change>& cs, double alpha, double threshold) {
  return double(std::count_if(
             cs.begin(), cs.end(),
             [&](auto& c) { return c.p_value < alpha && c.change_mean > threshold; })) /
         double(cs.size());
}

// What the permutation test alone would flag (p < alpha, any size).
double significant(const std::vector<Change>& cs, double alpha) {
  return double(std::count_if(cs.begin(), cs.end(), [&](auto& c) { return c.p_value < alpha; })) /
         double(cs.size());
}
}  // namespace

// The trials use 2,000 resamples to stay fast (the CLI uses 10,000): the
// smallest p is then 1/2001, and a p near alpha = 0.01 is off by ~0.002.
TEST_CASE("compare: A/A (n=10, CV 5 %, 500 trials) flags at most 1 % at alpha 0.01",
          "[unit][analysis]") {
  CompareOptions o;  // threshold 5 %, alpha 0.01
  o.resamples = 2000;
  auto cs = run_trials(101, 500, 10, 0.05, 0, o);
  const double flagged = rate(cs, Verdict::regressed) + rate(cs, Verdict::improved);
  std::printf("A/A n=10 CV 5%%: flagged %.3f (threshold 5%%); p < alpha alone %.3f; of 500\n",
              flagged, significant(cs, o.alpha));
  CHECK(flagged <= 0.01);
  CHECK(rate(cs, Verdict::inconclusive) == 0);
  // The permutation test alone has a false-positive rate of alpha: 500
  // trials at 0.01 give 13 or more hits with probability < 0.2 %.
  CHECK(significant(cs, o.alpha) <= 0.025);
}

TEST_CASE("compare: a 5 % shift (n=30, CV 2 %) is regressed in >= 95 % of trials",
          "[unit][analysis]") {
  // The threshold must sit below the effect to find it: at a threshold equal
  // to the effect, half the estimates fall short of it (printed below).
  CompareOptions o;
  o.resamples = 2000;
  o.threshold = 0.02;
  auto cs = run_trials(202, 500, 30, 0.02, 0.05, o);
  std::printf("5%% shift n=30 CV 2%%: regressed %.3f (threshold 2%%), %.3f (threshold 5%%)\n",
              rate(cs, Verdict::regressed), regressed_at(cs, o.alpha, 0.05));
  CHECK(rate(cs, Verdict::regressed) >= 0.95);
  CHECK(rate(cs, Verdict::improved) == 0);
}

TEST_CASE("compare: a 2 % shift under a 5 % threshold is never flagged", "[unit][analysis]") {
  CompareOptions o;  // threshold 5 %
  o.resamples = 2000;
  auto cs = run_trials(303, 500, 30, 0.02, 0.02, o);
  std::printf("2%% shift n=30 CV 2%%: flagged %.3f (threshold 5%%); p < alpha alone %.3f\n",
              rate(cs, Verdict::regressed) + rate(cs, Verdict::improved), significant(cs, o.alpha));
  CHECK(rate(cs, Verdict::regressed) == 0);
  CHECK(rate(cs, Verdict::improved) == 0);
  // The shift is real and mostly significant: the threshold holds it back.
  CHECK(significant(cs, o.alpha) > 0.8);
}

TEST_CASE("compare: the verdict follows the metric's better direction", "[unit][analysis]") {
  std::vector<double> low{100, 101, 99, 100, 102, 98, 100, 100};     // mean 100
  std::vector<double> high{120, 121, 119, 120, 122, 118, 120, 120};  // mean 120
  CompareOptions o;
  CHECK(compare(low, high, false, o).verdict == Verdict::regressed);  // runtime went up
  CHECK(compare(high, low, false, o).verdict == Verdict::improved);
  CHECK(compare(low, high, true, o).verdict == Verdict::improved);  // throughput went up
  CHECK(compare(high, low, true, o).verdict == Verdict::regressed);
  auto c = compare(low, high, false, o);
  CHECK(c.change_mean == Approx(0.2));
  CHECK(c.change_median == Approx(0.2));
  REQUIRE(c.ci95_change);
  CHECK(c.ci95_change->lo < 0.2);
  CHECK(c.ci95_change->hi > 0.2);
  CHECK(c.ci95_change->lo > 0.17);
  CHECK(c.p_value < 0.001);
}

TEST_CASE("compare: a significant change below the threshold is unchanged", "[unit][analysis]") {
  std::vector<double> a{100, 100.1, 99.9, 100, 100.2, 99.8, 100, 100};
  std::vector<double> b{103, 103.1, 102.9, 103, 103.2, 102.8, 103, 103};
  auto c = compare(a, b, false, CompareOptions{});
  CHECK(c.p_value < 0.01);
  CHECK(c.change_mean == Approx(0.03));
  CHECK(c.verdict == Verdict::unchanged);
}

TEST_CASE("compare: too few values or no attainable significance is inconclusive",
          "[unit][analysis]") {
  std::vector<double> four{100, 101, 99, 100}, four_high{200, 201, 199, 200};
  auto c = compare(four, four_high, false, CompareOptions{});
  CHECK(c.verdict == Verdict::inconclusive);
  CHECK(c.change_mean == Approx(1.0));  // still reported
  std::vector<double> five{100, 101, 99, 100, 102}, five_high{200, 201, 199, 200, 202};
  CHECK(compare(five, five_high, false, CompareOptions{}).verdict == Verdict::regressed);
  CompareOptions strict;
  strict.alpha = 0.001;  // 5 + 5 values: the smallest p is 1/252 = 0.004
  CHECK(compare(five, five_high, false, strict).verdict == Verdict::inconclusive);
}

TEST_CASE("compare: a zero base mean has no relative change", "[unit][analysis]") {
  std::vector<double> zeros(6, 0.0), ones(6, 1.0);
  auto c = compare(zeros, ones, false, CompareOptions{});
  CHECK(std::isnan(c.change_mean));
  CHECK_FALSE(c.ci95_change);
  CHECK(c.verdict == Verdict::inconclusive);
  auto same = compare(zeros, zeros, false, CompareOptions{});
  CHECK(same.change_mean == 0);
  CHECK(same.verdict == Verdict::unchanged);
}

TEST_CASE("compare: an empty side is inconclusive with no change", "[unit][analysis]") {
  std::vector<double> none, some{1, 2, 3, 4, 5};
  auto c = compare(none, some, false, CompareOptions{});
  CHECK(c.verdict == Verdict::inconclusive);
  CHECK(std::isnan(c.change_mean));
  CHECK_FALSE(c.ci95_change);
}

TEST_CASE("compare: a rerun gives the same numbers", "[unit][analysis]") {
  std::mt19937_64 rng(5);
  auto a = normal_sample(rng, 15, 100, 5), b = normal_sample(rng, 15, 103, 5);
  auto c1 = compare(a, b, false, CompareOptions{}), c2 = compare(a, b, false, CompareOptions{});
  CHECK(c1.p_value == c2.p_value);
  CHECK(c1.ci95_change->lo == c2.ci95_change->lo);
  CHECK(c1.ci95_change->hi == c2.ci95_change->hi);
}
