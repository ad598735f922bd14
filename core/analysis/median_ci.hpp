// The ranks behind ci95_median: the distribution-free CI of the median is
// [x(j), x(n-j+1)] of the sorted values, with the count below the median
// Binomial(n, 1/2). Exposed for tests; ci95_median is the user.
#pragma once

#include <cstddef>

namespace fcbench::analysis {

// Up to this n the rank comes from the exact binomial, above it from the
// normal approximation (they differ by at most one rank there).
constexpr size_t kMedianCiExactMax = 1000;

// The largest j with P(Binomial(n, 1/2) <= j-1) <= 0.025, so the coverage
// 1 - 2 P(B <= j-1) is at least 95 %; 1 (min..max, coverage 1 - 2^(1-n) <
// 95 %) when even that is not reached, i.e. n <= 5.
size_t median_ci_rank_exact(size_t n);
// The same from the normal approximation with continuity correction.
size_t median_ci_rank_normal(size_t n);
// Exact up to kMedianCiExactMax, normal above.
size_t median_ci_rank(size_t n);

}  // namespace fcbench::analysis
