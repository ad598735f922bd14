#include "analysis/timeline.hpp"

#include <algorithm>
#include <boost/sort/pdqsort/pdqsort.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "results/stats.hpp"

namespace fcbench::analysis {

namespace {

constexpr size_t kMaxPoints = 5000;        // scatter points kept
constexpr size_t kMaxPluginValues = 2000;  // distribution values kept per plugin

struct Event {
  int64_t t;
  int32_t delta;  // +1 launch, -1 exit
  uint32_t instance;
};

// At one instant exits come first, so an instance is in flight over
// [launch, exit); then instance order.
bool before(const Event& a, const Event& b) {
  return a.t != b.t ? a.t < b.t : a.delta != b.delta ? a.delta < b.delta : a.instance < b.instance;
}

// Launch and exit events, sorted. Each kind is sorted apart, then merged:
// records come mostly in launch order, which pdqsort sorts in linear time.
std::vector<Event> events_of(const std::vector<std::pair<int64_t, int64_t>>& spans) {
  std::vector<Event> launches, exits, ev;
  launches.reserve(spans.size());
  exits.reserve(spans.size());
  for (uint32_t i = 0; i < spans.size(); ++i) {
    if (spans[i].first <= 0) continue;
    launches.push_back({spans[i].first, +1, i});
    exits.push_back({spans[i].second, -1, i});
  }
  boost::sort::pdqsort(launches.begin(), launches.end(), before);
  boost::sort::pdqsort(exits.begin(), exits.end(), before);
  ev.resize(launches.size() + exits.size());
  std::merge(launches.begin(), launches.end(), exits.begin(), exits.end(), ev.begin(), before);
  return ev;
}

// The most in flight within each bin of [origin, origin + bins * bin_ns).
std::vector<uint32_t> binned_max(const std::vector<Event>& ev, int64_t origin, double bin_ns,
                                 size_t bins) {
  std::vector<uint32_t> out(bins, 0);
  auto bin = [&](int64_t t) {
    return std::min(bins - 1, size_t(std::max(0.0, double(t - origin) / bin_ns)));
  };
  uint32_t now = 0;
  for (size_t i = 0; i < ev.size(); ++i) {
    now = uint32_t(int64_t(now) + ev[i].delta);
    if (now == 0 || i + 1 == ev.size() || ev[i + 1].t == ev[i].t) continue;
    for (size_t k = bin(ev[i].t), last = bin(ev[i + 1].t - 1); k <= last; ++k)
      out[k] = std::max(out[k], now);
  }
  return out;
}

// Baseline end-to-end median (ns) per interned params text of each plugin.
class BaselineE2e {
 public:
  explicit BaselineE2e(const Dataset& d) : d_(d) {}
  int64_t of(const Instance& in) {
    auto key = std::make_pair(in.plugin, in.params);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    int64_t ns = 0;
    results::BaselineKey k{d_.name(in.plugin),
                           results::params_from_json(nlohmann::json::parse(d_.name(in.params)))};
    if (auto e = d_.baseline->entries.find(k); e != d_.baseline->entries.end())
      ns = e->second.end_to_end_median_ns;
    return cache_[key] = ns;
  }

 private:
  const Dataset& d_;
  std::map<std::pair<uint32_t, uint32_t>, int64_t> cache_;
};

std::vector<std::pair<int64_t, int64_t>> actual_spans(const Dataset& d) {
  std::vector<std::pair<int64_t, int64_t>> s(d.instances.size(), {0, 0});
  for (size_t i = 0; i < s.size(); ++i) {
    const Instance& in = d.instances[i];
    if (in.launched_ns > 0 && in.exited_ns >= in.launched_ns) s[i] = {in.launched_ns, in.exited_ns};
  }
  return s;
}

std::vector<std::pair<int64_t, int64_t>> ideal_spans(const Dataset& d) {
  std::vector<std::pair<int64_t, int64_t>> s(d.instances.size(), {0, 0});
  BaselineE2e base(d);
  for (size_t i = 0; i < s.size(); ++i) {
    const Instance& in = d.instances[i];
    int64_t arrival = in.arrival_ns > 0 ? in.arrival_ns : in.launched_ns;
    if (arrival <= 0) continue;
    if (int64_t e2e = base.of(in); e2e > 0) s[i] = {arrival, arrival + e2e};
  }
  return s;
}

}  // namespace

std::optional<Concurrency> concurrency(const Dataset& d, size_t max_bins) {
  auto spans = actual_spans(d);
  auto ev = events_of(spans);
  if (ev.empty()) return std::nullopt;
  Concurrency c;
  const int64_t origin = ev.front().t, end = ev.back().t;
  uint32_t now = 0;
  long double busy_ns = 0;
  for (const Event& e : ev) {
    now = uint32_t(int64_t(now) + e.delta);
    if (e.delta > 0) busy_ns += spans[e.instance].second - spans[e.instance].first;
    if (now > c.peak) c.peak = now, c.peak_at_s = double(e.t - origin) / 1e9;
  }
  c.mean_in_flight = end > origin ? double(busy_ns / (end - origin)) : double(c.peak);
  const size_t bins = std::max<size_t>(1, max_bins);
  const double bin_ns = std::max(1.0, double(end - origin) / double(bins));
  c.bin_s = bin_ns / 1e9;
  for (size_t k = 0; k < bins; ++k) c.bin_start_s.push_back(double(k) * c.bin_s);
  c.actual = binned_max(ev, origin, bin_ns, bins);
  if (d.baseline) {
    auto ideal = events_of(ideal_spans(d));
    if (!ideal.empty()) c.ideal = binned_max(ideal, origin, bin_ns, bins);
  }
  return c;
}

std::optional<Slowdown> slowdown(const Dataset& d) {
  if (!d.baseline) return std::nullopt;
  // In flight at each launch (counting the instance itself), by the sweep.
  auto spans = actual_spans(d);
  std::vector<uint32_t> at_start(d.instances.size(), 0);
  uint32_t now = 0;
  for (const Event& e : events_of(spans)) {
    now = uint32_t(int64_t(now) + e.delta);
    if (e.delta > 0) at_start[e.instance] = now;
  }
  Slowdown s;
  BaselineE2e base(d);
  std::map<uint32_t, std::vector<double>> by_plugin;
  for (size_t i = 0; i < d.instances.size(); ++i) {
    const Instance& in = d.instances[i];
    if (in.status != results::Status::ok || in.end_to_end_ms < 0) continue;
    int64_t b = base.of(in);
    if (b <= 0) {
      ++s.no_baseline;
      continue;
    }
    double ratio = in.end_to_end_ms * 1e6 / double(b);
    by_plugin[in.plugin].push_back(ratio);
    s.points.push_back({at_start[i], ratio, in.plugin});
  }
  if (s.points.size() > kMaxPoints) {  // every k-th point: deterministic
    std::vector<SlowdownPoint> kept;
    const double step = double(s.points.size()) / kMaxPoints;
    for (size_t k = 0; k < kMaxPoints; ++k) kept.push_back(s.points[size_t(double(k) * step)]);
    s.points = std::move(kept);
  }
  for (auto& [plugin, v] : by_plugin) {
    PluginSlowdown p;
    p.plugin = d.name(plugin);
    p.n = v.size();
    p.mean = results::describe(v).mean;
    p.median = results::percentile(v, 50);
    p.p95 = results::percentile(v, 95);
    const double step = std::max(1.0, double(v.size()) / kMaxPluginValues);
    for (double k = 0; size_t(k) < v.size(); k += step) p.values.push_back(v[size_t(k)]);
    s.by_plugin.push_back(std::move(p));
  }
  std::sort(s.by_plugin.begin(), s.by_plugin.end(),
            [](const PluginSlowdown& a, const PluginSlowdown& b) { return a.plugin < b.plugin; });
  return s;
}

}  // namespace fcbench::analysis
