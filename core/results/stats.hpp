// Descriptive statistics over one metric's values.
#pragma once

#include <cstddef>
#include <vector>

namespace fcbench::results {

struct Stats {
  size_t n = 0;
  double mean = 0, stddev = 0, median = 0, min = 0, max = 0;
  double rsd = 0;       // stddev / |mean|, 0 when mean is 0
  size_t outliers = 0;  // values with a modified z-score above 3.5
};

// Sample standard deviation (n-1); all zero for an empty input. Outliers use
// the modified z-score 0.6745 (x - median) / MAD (Iglewicz and Hoaglin).
Stats describe(std::vector<double> values);

// The p-th percentile (p in [0, 100]) by linear interpolation between the
// closest ranks (x[h] with h = (n-1) p/100), so p = 50 is the median as
// describe() computes it. 0 for an empty input.
double percentile(std::vector<double> values, double p);

}  // namespace fcbench::results
