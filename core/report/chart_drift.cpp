// Drift: each instance's end-to-end and time to payload against when it was
// launched, one series per benchmark, sampled; the table holds medians per
// time bin over every instance.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace fcbench::report {

namespace {

constexpr size_t kMaxSeries = 6;  // benchmarks drawn apart; the rest as "other"
// Points per series: 600, fewer when there are many series (each point is
// drawn in both panels, ~120 bytes each time).
constexpr size_t kPointsPerSeries = 600, kPointsPerFigure = 900;
constexpr size_t kBins = 10;
constexpr const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                   "#9467bd", "#8c564b", "#7f7f7f"};

struct Point {
  double t_s, e2e_ms, ttp_ms;  // NaN when not measured
};

struct Series {
  std::string name;
  std::vector<Point> points;  // in launch order
};

// The ok instances with a launch time and a duration, per benchmark (the
// biggest kMaxSeries first, then "other").
std::vector<Series> collect(const analysis::Dataset& d, int64_t t0) {
  std::map<uint32_t, std::vector<Point>> by;
  const double nan = std::nan("");
  for (auto& in : d.instances) {
    if (in.status != results::Status::ok || in.launched_ns == analysis::kNoTime) continue;
    if (in.end_to_end_ms < 0 && in.time_to_payload_ms < 0) continue;
    by[in.benchmark].push_back({double(in.launched_ns - t0) / 1e9,
                                in.end_to_end_ms < 0 ? nan : in.end_to_end_ms,
                                in.time_to_payload_ms < 0 ? nan : in.time_to_payload_ms});
  }
  std::vector<Series> all;
  for (auto& [b, pts] : by) all.push_back({d.name(b), std::move(pts)});
  std::stable_sort(all.begin(), all.end(),
                   [](auto& a, auto& b) { return a.points.size() > b.points.size(); });
  if (all.size() > kMaxSeries) {
    Series other{"other", {}};
    for (size_t i = kMaxSeries; i < all.size(); ++i)
      other.points.insert(other.points.end(), all[i].points.begin(), all[i].points.end());
    all.resize(kMaxSeries);
    all.push_back(std::move(other));
  }
  auto earlier = [](const Point& a, const Point& b) { return a.t_s < b.t_s; };
  for (auto& s : all)
    if (!std::is_sorted(s.points.begin(), s.points.end(), earlier))
      std::stable_sort(s.points.begin(), s.points.end(), earlier);
  return all;
}

// The median (linear between the middle two), NaN for none; O(n).
double median_of(std::vector<double> v) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  if (v.empty()) return std::nan("");
  auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2) return *mid;
  return (*mid + *std::max_element(v.begin(), mid)) / 2;
}

Table bins_table(const std::vector<Series>& all) {
  double end = 0;
  for (auto& s : all) end = std::max(end, s.points.back().t_s);
  double width = end > 0 ? end / double(kBins) : 1;
  Table t;
  t.caption =
      fmt::format("Medians per {} s of launch time, over every instance", chart::display(width));
  t.header = {"benchmark", "launched from (s)", "n", "median end-to-end (ms)",
              "median time to payload (ms)"};
  for (auto& s : all) {
    std::vector<std::vector<double>> e2e(kBins), ttp(kBins);
    for (auto& p : s.points) {
      size_t b = std::min(kBins - 1, size_t(std::max(0.0, p.t_s) / width));
      e2e[b].push_back(p.e2e_ms), ttp[b].push_back(p.ttp_ms);
    }
    for (size_t b = 0; b < kBins; ++b) {
      if (e2e[b].empty()) continue;
      t.rows.push_back({s.name, chart::display(double(b) * width), std::to_string(e2e[b].size()),
                        chart::display(median_of(e2e[b])), chart::display(median_of(ttp[b]))});
    }
  }
  t.collapsed = t.rows.size() > 12;
  return t;
}

std::string panel(const std::vector<Series>& all, int column, const std::string& ylabel) {
  std::string s = fmt::format("set ylabel {}\n", gnuplot::quote(ylabel));
  std::vector<std::string> plots;
  for (size_t k = 0; k < all.size(); ++k)
    plots.push_back(fmt::format("$s{} using 1:{} with points pt 7 ps 0.4 lc rgb '{}' title {}", k,
                                column, kColors[k], gnuplot::quote(all[k].name)));
  return s + "plot " + fmt::format("{}", fmt::join(plots, ", \\\n  ")) + "\n";
}

}  // namespace

std::optional<Chart> drift_chart(const ReportData& r) {
  auto all = collect(r.data, chart::time_origin_ns(r.data));
  if (all.empty()) return std::nullopt;
  Chart c;
  c.name = "drift";
  c.tcg = chart::any_tcg(r);
  c.title = "End-to-end and time to payload against launch time" + chart::tcg_suffix(c.tcg);
  c.height = 640;
  std::string& s = c.script;
  size_t drawn = 0, total = 0;
  const size_t per_series = std::min(kPointsPerSeries, kPointsPerFigure / all.size());
  for (size_t k = 0; k < all.size(); ++k) {
    std::vector<std::vector<double>> rows;
    auto idx = chart::stride_sample(all[k].points.size(), per_series);
    for (size_t i : idx) {
      auto& p = all[k].points[i];
      rows.push_back({p.t_s, p.e2e_ms, p.ttp_ms});
    }
    drawn += idx.size(), total += all[k].points.size();
    s += gnuplot::datablock(fmt::format("s{}", k), rows);
  }
  bool e2e = false, ttp = false;  // a panel with no valid point is an error in gnuplot
  for (auto& series : all)
    for (auto& p : series.points)
      e2e = e2e || !std::isnan(p.e2e_ms), ttp = ttp || !std::isnan(p.ttp_ms);
  s += fmt::format("set multiplot layout {},1 title {} noenhanced\n", e2e + ttp,
                   gnuplot::quote(c.title));
  s += "set grid lc rgb '#dddddd'\nset key outside right top vertical noenhanced\n"
       "set lmargin 12\nset rmargin 24\nset yrange [0:*]\n";
  if (e2e) s += panel(all, 2, "end-to-end (ms)");
  s += "set xlabel 'launched, seconds since the first launch'\n";
  if (ttp) s += panel(all, 3, "time to payload (ms)");
  s += "unset multiplot\n";
  if (e2e + ttp == 1) c.height = 420;
  c.tables.push_back(bins_table(all));
  c.note = fmt::format(
      "{} ok instances; {} drawn (evenly strided in launch order, up to {} per "
      "series). A trend along x is drift: the host or the guest changed during "
      "the run.",
      total, drawn, per_series);
  return c;
}

}  // namespace fcbench::report
