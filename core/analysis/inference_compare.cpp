// compare(): the A/B decision for one metric (Firecracker's rule: a change
// counts only when significant at alpha and larger than the threshold).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "analysis/inference.hpp"
#include "analysis/resample.hpp"
#include "results/stats.hpp"

namespace fcbench::analysis {
namespace {

// (x - base) / |base|; 0 when both are 0, NaN when only base is.
double relative(double x, double base) {
  if (base == 0) return x == 0 ? 0 : std::numeric_limits<double>::quiet_NaN();
  return (x - base) / std::abs(base);
}

double mean_of(std::span<const double> v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double median_of(std::span<const double> v) {
  return results::percentile(std::vector<double>(v.begin(), v.end()), 50);
}

// The permutation test's own seed, apart from the bootstrap's.
constexpr uint64_t kPermutationSeedOffset = 0x9E3779B97F4A7C15ull;

}  // namespace

Change compare(std::span<const double> base, std::span<const double> next, bool higher_is_better,
               const CompareOptions& o) {
  Change c;
  if (base.empty() || next.empty()) {
    c.change_mean = c.change_median = std::numeric_limits<double>::quiet_NaN();
    return c;
  }
  c.change_mean = relative(mean_of(next), mean_of(base));
  c.change_median = relative(median_of(next), median_of(base));
  c.ci95_change = bootstrap_change_ci(base, next, o.resamples, o.seed);
  c.p_value = permutation_p_value(base, next, o.resamples, o.seed + kPermutationSeedOffset);
  const bool too_few = base.size() < kMinSamples || next.size() < kMinSamples ||
                       min_attainable_p(base.size(), next.size()) >= o.alpha;
  if (too_few || std::isnan(c.change_mean)) {
    c.verdict = Verdict::inconclusive;
  } else if (c.p_value < o.alpha && std::abs(c.change_mean) > o.threshold) {
    const bool worse = higher_is_better ? c.change_mean < 0 : c.change_mean > 0;
    c.verdict = worse ? Verdict::regressed : Verdict::improved;
  } else {
    c.verdict = Verdict::unchanged;
  }
  return c;
}

}  // namespace fcbench::analysis
