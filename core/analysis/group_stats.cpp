#include "analysis/group_stats.hpp"

#include <algorithm>
#include <atomic>
#include <boost/sort/spreadsort/spreadsort.hpp>
#include <cmath>
#include <future>
#include <numeric>
#include <thread>

namespace fcbench::analysis {

namespace {

constexpr double kOutlierZ = 3.5;           // modified z-score (Iglewicz and Hoaglin)
constexpr size_t kParallelValues = 200000;  // fewer values are described by one thread

size_t cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

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
      ids.emplace_back(d.id(d.instances[s.instances[i]]));
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
  boost::sort::spreadsort::spreadsort(v.begin(), v.end());  // a radix sort: ~2x std::sort
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
  std::vector<GroupStats> out(d.series.size());
  std::vector<size_t> order(out.size());  // largest first, to even out the threads
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return d.series[a].values.size() > d.series[b].values.size();
  });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < order.size();) out[order[i]] = describe(d.series[order[i]], d);
  };
  size_t values = 0;
  for (const Series& s : d.series) values += s.values.size();
  const size_t threads = values < kParallelValues ? 1 : std::min<size_t>(cores(), out.size());
  std::vector<std::future<void>> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& h : helpers) h.get();
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
