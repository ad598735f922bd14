// The resampling behind compare(): a seeded bootstrap of the relative change
// of the mean and a seeded permutation test of the difference in means.
// Deterministic across platforms (mt19937_64 and a multiply-shift bounded
// draw, no std:: distributions). Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "analysis/inference.hpp"

namespace fcbench::analysis {

// Above this many values a side is resampled in m-out-of-n form (bootstrap)
// or thinned (permutation test), so one comparison costs at most about
// resamples x 2 x kMaxResampled draws.
constexpr size_t kMaxResampled = 2000;

// 95 % percentile-bootstrap CI of mean(next) / mean(base) - 1 (divided by
// |mean(base)|); none when a side has < 2 values or the base mean is 0.
// Each side's bootstrap mean averages m = min(n, kMaxResampled) draws from
// all n values, its deviation from the sample mean scaled by sqrt(m / n).
std::optional<Interval> bootstrap_change_ci(std::span<const double> base,
                                            std::span<const double> next, size_t resamples,
                                            uint64_t seed);

// Two-sided permutation p-value of the difference in means, (hits + 1) /
// (resamples + 1), where a hit is a random relabelling whose |difference| is
// at least the observed one. Sides with more than kMaxResampled values are
// thinned to every k-th value first. 1 when a side is empty.
double permutation_p_value(std::span<const double> base, std::span<const double> next,
                           size_t resamples, uint64_t seed);

// 1 / C(a + b, a): no permutation test of sides of these sizes can give a
// smaller p-value (there are only that many relabellings); 1 if a side is empty.
double min_attainable_p(size_t a, size_t b);

// Every k-th value so that at most `cap` remain, in order (k = ceil(n/cap)).
std::vector<double> thin(std::span<const double> v, size_t cap);

}  // namespace fcbench::analysis
