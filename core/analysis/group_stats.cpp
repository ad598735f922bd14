#include "analysis/group_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fcbench::analysis {

namespace {

constexpr double kOutlierZ = 3.5;  // modified z-score (Iglewicz and Hoaglin)

// The p-th percentile of sorted values, linear between closest ranks
// (x[h], h = (n-1) p/100), as results::percentile computes it.
double pct(const std::vector<double>& sorted, double p) {
  double h = (double(sorted.size()) - 1) * p / 100;
  size_t lo = size_t(std::floor(h));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

// Ids of values whose modified z-score 0.6745 |x - median| / MAD exceeds 3.5.
std::vector<std::string> outlier_ids(const Series& s, const Dataset& d, double median) {
  std::vector<double> dev(s.values.size());
  for (size_t i = 0; i < dev.size(); ++i) dev[i] = std::abs(s.values[i] - median);
  auto mid = dev.begin() + std::ptrdiff_t(dev.size() / 2);
  std::nth_element(dev.begin(), mid, dev.end());
  double mad = *mid;
  if (dev.size() % 2 == 0) mad = (mad + *std::max_element(dev.begin(), mid)) / 2;
  std::vector<std::string> ids;
  if (mad == 0) return ids;
  for (size_t i = 0; i < s.values.size(); ++i)
    if (0.6745 * std::abs(s.values[i] - median) / mad > kOutlierZ)
      ids.push_back(d.instances[s.instances[i]].id);
  return ids;
}

nlohmann::json interval(const std::optional<Interval>& i) {
  if (!i) return nullptr;
  return {i->lo, i->hi};
}

}  // namespace

GroupStats describe(const Series& s, const Dataset& d) {
  GroupStats g;
  g.key = s.key;
  g.unit = s.unit;
  g.higher_is_better = s.higher_is_better;
  g.n = s.values.size();
  if (g.n == 0) return g;
  std::vector<double> v = s.values;
  std::sort(v.begin(), v.end());
  g.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(g.n);
  double ss = 0;
  for (double x : v) ss += (x - g.mean) * (x - g.mean);
  g.sd = g.n > 1 ? std::sqrt(ss / double(g.n - 1)) : 0;
  g.cv = g.mean != 0 ? g.sd / std::abs(g.mean) : 0;
  g.min = v.front();
  g.max = v.back();
  g.median = pct(v, 50);
  g.p5 = pct(v, 5), g.p25 = pct(v, 25), g.p75 = pct(v, 75), g.p95 = pct(v, 95), g.p99 = pct(v, 99);
  g.ci95_mean = ci95_mean(v);
  g.ci95_median = ci95_median(v);
  g.outliers = outlier_ids(s, d, g.median);
  return g;
}

std::vector<GroupStats> describe_all(const Dataset& d) {
  std::vector<GroupStats> out;
  out.reserve(d.series.size());
  for (const Series& s : d.series) out.push_back(describe(s, d));
  return out;
}

nlohmann::json to_json(const GroupStats& g) {
  nlohmann::json params = nlohmann::json::parse(g.key.params, nullptr, false);
  if (params.is_discarded()) params = nlohmann::json::object();
  return {{"benchmark", g.key.benchmark},
          {"plugin", g.key.plugin},
          {"params", params},
          {"vmm", g.key.vmm},
          {"accel", g.key.accel},
          {"metric", g.key.metric},
          {"unit", g.unit},
          {"better", g.higher_is_better ? "higher" : "lower"},
          {"n", g.n},
          {"mean", g.mean},
          {"sd", g.sd},
          {"cv", g.cv},
          {"median", g.median},
          {"min", g.min},
          {"max", g.max},
          {"p5", g.p5},
          {"p25", g.p25},
          {"p75", g.p75},
          {"p95", g.p95},
          {"p99", g.p99},
          {"ci95_mean", interval(g.ci95_mean)},
          {"ci95_median", interval(g.ci95_median)},
          {"outliers", g.outliers}};
}

}  // namespace fcbench::analysis
