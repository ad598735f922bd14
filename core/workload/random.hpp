// Portable random numbers: std::mt19937_64 (its output is fixed by the
// standard) plus our own distributions, since the standard library's
// distributions differ between implementations. Same seed, same values,
// on every platform with IEEE doubles.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace fcbench::workload {

class Random {
 public:
  // `stream` separates independent sequences drawn from one seed.
  Random(uint64_t seed, uint64_t stream);

  uint64_t next() { return engine_(); }
  // [0, 1), from the top 53 bits.
  double uniform01();
  // [lo, hi], inclusive, unbiased (rejection sampling).
  int64_t uniform_int(int64_t lo, int64_t hi);
  // [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Exponential with the given rate (inverse CDF).
  double exponential(double rate);
  // Index i with probability weights[i] / sum; weights >= 0, sum > 0.
  size_t weighted(const std::vector<double>& weights);

 private:
  std::mt19937_64 engine_;
};

// A seed drawn from std::random_device, below 2^53 so that every JSON
// reader holds it exactly.
uint64_t fresh_seed();

}  // namespace fcbench::workload
