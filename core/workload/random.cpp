#include "workload/random.hpp"

#include <cmath>
#include <limits>

namespace fcbench::workload {

namespace {

// SplitMix64: spreads (seed, stream) over the engine's seed space.
uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Random::Random(uint64_t seed, uint64_t stream)
    : engine_(splitmix64(seed ^ splitmix64(stream + 1))) {}

double Random::uniform01() {
  return double(next() >> 11) * 0x1.0p-53;
}

int64_t Random::uniform_int(int64_t lo, int64_t hi) {
  const uint64_t range = uint64_t(hi) - uint64_t(lo);  // hi - lo, modulo 2^64
  if (range == std::numeric_limits<uint64_t>::max()) return int64_t(next());
  const uint64_t n = range + 1;
  // The largest multiple of n that fits; values at or above it are redrawn.
  const uint64_t limit =
      std::numeric_limits<uint64_t>::max() - (std::numeric_limits<uint64_t>::max() % n + 1) % n;
  uint64_t x;
  do {
    x = next();
  } while (x > limit);
  return int64_t(uint64_t(lo) + x % n);
}

double Random::exponential(double rate) {
  return -std::log1p(-uniform01()) / rate;
}

size_t Random::weighted(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  const double target = uniform01() * total;
  double sum = 0;
  size_t last = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    sum += weights[i];
    last = i;
    if (target < sum) return i;
  }
  return last;  // rounding at the very top
}

uint64_t fresh_seed() {
  std::random_device rd;
  uint64_t s = (uint64_t(rd()) << 32) ^ rd();
  return s & ((uint64_t(1) << 53) - 1);
}

}  // namespace fcbench::workload
