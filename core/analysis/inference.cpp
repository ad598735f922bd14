// Confidence intervals: Student t for the mean, order statistics for the
// median. compare() lives in inference_compare.cpp.
#include "analysis/inference.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "analysis/median_ci.hpp"

namespace fcbench::analysis {

std::optional<Interval> ci95_mean(std::span<const double> values) {
  const size_t n = values.size();
  if (n < 2) return std::nullopt;
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(n);
  double ss = 0;
  for (double x : values) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  const boost::math::students_t t(double(n - 1));
  const double half = boost::math::quantile(t, 0.975) * sd / std::sqrt(double(n));
  return Interval{mean - half, mean + half};
}

size_t median_ci_rank_exact(size_t n) {
  // The count of values below the median is Binomial(n, 1/2); [x(j), x(n-j+1)]
  // covers the median with probability 1 - 2 F(j-1). The largest j with
  // F(j-1) <= 0.025, found by bisection (F is increasing).
  const boost::math::binomial_distribution<double> b(double(n), 0.5);
  size_t lo = 1, hi = (n + 1) / 2;  // invariant: the answer is in [lo, hi], or 1
  if (boost::math::cdf(b, 0.0) > 0.025) return 1;
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (boost::math::cdf(b, double(mid - 1)) <= 0.025)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

size_t median_ci_rank_normal(size_t n) {
  // F(j-1) ~ Phi((j - 1/2 - n/2) / (sqrt(n)/2)) <= 0.025, continuity-corrected.
  const double z = boost::math::quantile(boost::math::normal(), 0.975);
  const double j = std::floor(double(n) / 2 + 0.5 - z * std::sqrt(double(n)) / 2);
  return size_t(std::max(1.0, j));
}

size_t median_ci_rank(size_t n) {
  return n <= kMedianCiExactMax ? median_ci_rank_exact(n) : median_ci_rank_normal(n);
}

std::optional<Interval> ci95_median(std::span<const double> values) {
  const size_t n = values.size();
  if (n < 2) return std::nullopt;
  const size_t j = median_ci_rank(n);  // 1-based rank of the lower bound
  std::vector<double> v(values.begin(), values.end());
  auto lo = v.begin() + std::ptrdiff_t(j - 1), hi = v.begin() + std::ptrdiff_t(n - j);
  std::nth_element(v.begin(), hi, v.end());
  std::nth_element(v.begin(), lo, hi);  // everything before hi is <= *hi
  return Interval{*lo, *hi};
}

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::regressed:
      return "regressed";
    case Verdict::improved:
      return "improved";
    case Verdict::unchanged:
      return "unchanged";
    case Verdict::inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

}  // namespace fcbench::analysis
