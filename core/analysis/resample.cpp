#include "analysis/resample.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "results/stats.hpp"

namespace fcbench::analysis {
namespace {

// A uniform index below n from 64 random bits (multiply-shift; the bias,
// n / 2^64, is far below anything a resampling can see).
class Draw {
 public:
  explicit Draw(uint64_t seed) : g_(seed) {}
  size_t below(size_t n) { return size_t((static_cast<unsigned __int128>(g_()) * n) >> 64); }

 private:
  std::mt19937_64 g_;
};

double mean_of(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

// One bootstrap mean of v (sample mean `m`): m-out-of-n, rescaled to n.
double boot_mean(std::span<const double> v, double m, Draw& d) {
  const size_t n = v.size(), draws = std::min(n, kMaxResampled);
  double sum = 0;
  for (size_t i = 0; i < draws; ++i) sum += v[d.below(n)];
  return m + (sum / double(draws) - m) * std::sqrt(double(draws) / double(n));
}

}  // namespace

std::vector<double> thin(std::span<const double> v, size_t cap) {
  if (v.size() <= cap || cap == 0) return {v.begin(), v.end()};
  const size_t k = (v.size() + cap - 1) / cap;
  std::vector<double> out;
  for (size_t i = 0; i < v.size(); i += k) out.push_back(v[i]);
  return out;
}

std::optional<Interval> bootstrap_change_ci(std::span<const double> base,
                                            std::span<const double> next, size_t resamples,
                                            uint64_t seed) {
  if (base.size() < 2 || next.size() < 2 || resamples == 0) return std::nullopt;
  const double mb = mean_of(base), mn = mean_of(next);
  if (mb == 0) return std::nullopt;
  Draw d(seed);
  std::vector<double> changes;
  changes.reserve(resamples);
  for (size_t r = 0; r < resamples; ++r) {
    const double b = boot_mean(base, mb, d), x = boot_mean(next, mn, d);
    if (b != 0) changes.push_back((x - b) / std::abs(b));
  }
  if (changes.empty()) return std::nullopt;
  return Interval{results::percentile(changes, 2.5), results::percentile(changes, 97.5)};
}

double permutation_p_value(std::span<const double> base, std::span<const double> next,
                           size_t resamples, uint64_t seed) {
  if (base.empty() || next.empty()) return 1;
  std::vector<double> pool = thin(base, kMaxResampled);
  const size_t a = pool.size();
  const std::vector<double> n2 = thin(next, kMaxResampled);
  pool.insert(pool.end(), n2.begin(), n2.end());
  const size_t total = pool.size(), b = total - a;
  const double sum = std::accumulate(pool.begin(), pool.end(), 0.0);
  const double sum_a = std::accumulate(pool.begin(), pool.begin() + std::ptrdiff_t(a), 0.0);
  // The observed difference, mean(next) - mean(base), and a tolerance for
  // the rounding of the same sum added in another order.
  auto diff = [&](double s_a) { return (sum - s_a) / double(b) - s_a / double(a); };
  const double observed = std::abs(diff(sum_a));
  double scale = 0;
  for (double x : pool) scale += std::abs(x);
  const double eps = 1e-9 * scale / double(total);
  // Each resample draws the smaller side's relabelling by a partial
  // Fisher-Yates shuffle (uniform over subsets from any arrangement).
  const size_t k = std::min(a, b);
  Draw d(seed);
  size_t hits = 0;
  for (size_t r = 0; r < resamples; ++r) {
    double s = 0;
    for (size_t i = 0; i < k; ++i) {
      std::swap(pool[i], pool[i + d.below(total - i)]);
      s += pool[i];
    }
    const double s_a = k == a ? s : sum - s;
    hits += std::abs(diff(s_a)) >= observed - eps;
  }
  return double(hits + 1) / double(resamples + 1);
}

double min_attainable_p(size_t a, size_t b) {
  if (a == 0 || b == 0) return 1;
  const double log_c =
      std::lgamma(double(a + b) + 1) - std::lgamma(double(a) + 1) - std::lgamma(double(b) + 1);
  return std::exp(-log_c);
}

}  // namespace fcbench::analysis
