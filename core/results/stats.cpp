#include "results/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fcbench::results {

Stats describe(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  size_t mid = v.size() / 2;
  s.median = v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  if (v.size() > 1) {
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(ss / double(v.size() - 1));
  }
  if (s.mean != 0) s.rsd = s.stddev / std::abs(s.mean);
  std::vector<double> dev;
  for (double x : v) dev.push_back(std::abs(x - s.median));
  std::sort(dev.begin(), dev.end());
  double mad = dev.size() % 2 ? dev[mid] : (dev[mid - 1] + dev[mid]) / 2;
  if (mad > 0)
    for (double x : v) s.outliers += std::abs(0.6745 * (x - s.median) / mad) > 3.5;
  return s;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double h = (double(v.size()) - 1) * std::clamp(p, 0.0, 100.0) / 100;
  size_t lo = size_t(h);
  if (lo + 1 >= v.size()) return v.back();
  return v[lo] + (h - double(lo)) * (v[lo + 1] - v[lo]);
}

}  // namespace fcbench::results
