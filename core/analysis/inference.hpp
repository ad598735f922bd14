// Inference: confidence intervals and the A/B decision. Pure functions;
// every resampling takes its seed, so a rerun prints the same numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace fcbench::analysis {

struct Interval {
  double lo = 0, hi = 0;
};

// 95 % CI of the mean, Student t with n-1 degrees of freedom; none for n < 2.
std::optional<Interval> ci95_mean(std::span<const double> values);
// 95 % CI of the median: order statistics, distribution-free (median_ci.hpp);
// none for n < 2; for n <= 5 it is min..max, covering 1 - 2^(1-n) < 95 %.
std::optional<Interval> ci95_median(std::span<const double> values);

enum class Verdict { regressed, improved, unchanged, inconclusive };
std::string to_string(Verdict v);

// Fewer values on either side make compare() inconclusive: with 4 + 4 values
// there are only C(8, 4) = 70 relabellings, so no permutation test reaches
// p < 0.01; with 5 + 5 there are 252 (smallest p 0.004).
constexpr size_t kMinSamples = 5;

struct CompareOptions {
  double threshold = 0.05;  // relative size a change must exceed
  double alpha = 0.01;      // significance level
  size_t resamples = 10000;
  uint64_t seed = 1;
};

struct Change {
  double change_mean = 0, change_median = 0;  // relative: 0.052 = +5.2 %
  std::optional<Interval> ci95_change;        // bootstrap CI of the relative change
  double p_value = 1;                         // permutation test
  Verdict verdict = Verdict::inconclusive;
};

// NEW against BASE for one metric; `higher_is_better` sets which way is
// worse. A change counts only when significant at alpha and beyond threshold.
// Inconclusive when a side has < kMinSamples values, when no permutation
// test at these sizes can reach alpha, or when the base mean is 0 and the new
// one is not (the relative change is then NaN).
Change compare(std::span<const double> base, std::span<const double> next, bool higher_is_better,
               const CompareOptions& o);

}  // namespace fcbench::analysis
