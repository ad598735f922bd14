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

}  // namespace fcbench::results
