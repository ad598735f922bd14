// Descriptive statistics over one metric's values.
#pragma once

#include <cstddef>
#include <vector>

namespace fcbench::results {

struct Stats {
  size_t n = 0;
  double mean = 0, stddev = 0, median = 0, min = 0, max = 0;
};

// Sample standard deviation (n-1); all zero for an empty input.
Stats describe(std::vector<double> values);

}  // namespace fcbench::results
