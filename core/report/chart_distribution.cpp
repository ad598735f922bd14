// Per metric: each group's distribution as a box plot with its points and
// the CI95 of its median.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace fcbench::report {

namespace {

using analysis::GroupKey;
using analysis::GroupStats;
using analysis::Series;

constexpr size_t kMaxBoxes = 30;  // groups per figure
// Points drawn: up to 200 per group, 1200 per figure (at least 20 per
// group). A point costs gnuplot's SVG ~120 bytes.
constexpr size_t kPointsPerGroup = 200, kPointsPerFigure = 1200, kMinPointsPerGroup = 20;

// The groups of one figure: one metric and unit, in report order.
struct MetricGroups {
  std::string metric, unit;
  std::vector<size_t> groups;  // indices into ReportData::groups
};

std::vector<MetricGroups> by_metric(const ReportData& r) {
  std::vector<MetricGroups> out;
  std::map<std::pair<std::string, std::string>, size_t> at;
  for (size_t i = 0; i < r.groups.size(); ++i) {
    auto k = std::make_pair(r.groups[i].key.metric, r.groups[i].unit);
    auto [it, fresh] = at.emplace(k, out.size());
    if (fresh) out.push_back({k.first, k.second, {}});
    out[it->second].groups.push_back(i);
  }
  return out;
}

// The kMaxBoxes groups with the most values (ties: report order), in
// report order.
std::vector<size_t> shown_groups(const ReportData& r, std::vector<size_t> groups) {
  if (groups.size() <= kMaxBoxes) return groups;
  std::stable_sort(groups.begin(), groups.end(),
                   [&](size_t a, size_t b) { return r.groups[a].n > r.groups[b].n; });
  groups.resize(kMaxBoxes);
  std::sort(groups.begin(), groups.end());
  return groups;
}

// Box labels: the benchmark, with whatever else varies within the figure.
std::vector<std::string> labels(const ReportData& r, const std::vector<size_t>& groups) {
  std::set<std::string> benchmarks;
  std::map<std::string, std::set<std::string>> params_of;
  std::set<std::string> vmms, accels;
  for (size_t i : groups) {
    auto& k = r.groups[i].key;
    params_of[k.benchmark].insert(k.params);
    vmms.insert(k.vmm);
    accels.insert(k.accel);
  }
  std::vector<std::string> out;
  for (size_t i : groups) {
    auto& k = r.groups[i].key;
    std::string l = k.benchmark;
    if (params_of[k.benchmark].size() > 1) l += " " + chart::params_text(k.params);
    if (vmms.size() > 1) l += " " + k.vmm;
    if (accels.size() > 1) l += k.accel == "tcg" ? " (TCG)" : " " + k.accel;
    out.push_back(l);
  }
  return out;
}

const Series* series_of(const ReportData& r, size_t group) {
  auto& key = r.groups[group].key;
  if (group < r.data.series.size() && r.data.series[group].key == key) return &r.data.series[group];
  for (auto& s : r.data.series)
    if (s.key == key) return &s;
  return nullptr;
}

bool log_scale(const ReportData& r, const std::vector<size_t>& groups) {
  double lo = 0, hi = 0;
  for (size_t i : groups) {
    auto& g = r.groups[i];
    if (g.min <= 0) return false;
    lo = lo == 0 ? g.min : std::min(lo, g.min);
    hi = std::max(hi, g.max);
  }
  return lo > 0 && hi / lo > 100;
}

std::string ci_text(const std::optional<analysis::Interval>& ci) {
  if (!ci) return "n < 2: no CI";
  return fmt::format("[{}, {}]", chart::display(ci->lo), chart::display(ci->hi));
}

// The boxes, points and CIs drawn, one group per x position, and the table
// of the same numbers.
struct Drawn {
  std::vector<std::vector<double>> boxes, points, cis;
  Table table;
};

Drawn drawn(const ReportData& r, const std::vector<size_t>& groups,
            const std::vector<std::string>& names, size_t per_group) {
  Drawn out;
  Table& t = out.table;
  t.caption =
      "The numbers drawn: box p25 to p75, whiskers at the most extreme values within 1.5 "
      "IQR, CI95 of the median.";
  t.header = {"#",   "group",        "n",           "whisker low", "p25", "median",
              "p75", "whisker high", "CI95 median", "points drawn"};
  for (size_t b = 0; b < groups.size(); ++b) {
    const GroupStats& g = r.groups[groups[b]];
    const Series* s = series_of(r, groups[b]);
    std::span<const double> values;
    if (s) values = s->values;
    auto bx = chart::box(values, g.p25, g.median, g.p75);
    double x = double(b + 1);
    out.boxes.push_back({x, bx.lo, bx.q1, bx.median, bx.q3, bx.hi});
    if (g.ci95_median) out.cis.push_back({x, g.median, g.ci95_median->lo, g.ci95_median->hi});
    auto idx = chart::stride_sample(values.size(), per_group);
    for (size_t k = 0; k < idx.size(); ++k)
      out.points.push_back({x + 0.36 * chart::jitter(k), values[idx[k]]});
    t.rows.push_back({std::to_string(groups[b]), names[b], std::to_string(g.n),
                      chart::display(bx.lo), chart::display(bx.q1), chart::display(bx.median),
                      chart::display(bx.q3), chart::display(bx.hi), ci_text(g.ci95_median),
                      std::to_string(idx.size())});
  }
  t.collapsed = t.rows.size() > 12;
  return out;
}

// The gnuplot script: axes with one tic per group, then boxes, points,
// medians and (beside each box) the median's CI.
std::string script(const Chart& c, const MetricGroups& m, const std::vector<std::string>& names,
                   const Drawn& d, bool log_y) {
  std::string xtics;
  size_t chars = 0;
  for (size_t b = 0; b < names.size(); ++b) {
    xtics += fmt::format("{}{} {}", b ? ", " : "", gnuplot::quote(names[b]), b + 1);
    chars += names[b].size() + 2;
  }
  std::string s = fmt::format("set title {} noenhanced\n", gnuplot::quote(c.title));
  s +=
      fmt::format("set ylabel {} noenhanced\n", gnuplot::quote(m.unit.empty() ? m.metric : m.unit));
  s += fmt::format("set xrange [0.4:{}]\n", double(names.size()) + 0.6);
  s += fmt::format("set xtics ({}){} nomirror noenhanced\n", xtics,
                   chars > 70 ? " rotate by -30 left" : "");
  s += "set grid ytics lc rgb '#dddddd'\nset key outside bottom center horizontal\n";
  s += "set boxwidth 0.5 absolute\nset style fill solid 0.25 border\n";
  if (log_y) s += "set logscale y\n";
  s += gnuplot::datablock("box", d.boxes) + gnuplot::datablock("pts", d.points);
  if (!d.cis.empty()) s += gnuplot::datablock("ci", d.cis);
  s += "set bars 2\n";
  s += "plot $box using 1:3:2:6:5 with candlesticks whiskerbars 0.5 lc rgb '#1f77b4' "
       "title 'p25 to p75, whiskers 1.5 IQR', \\\n"
       "  $pts using 1:2 with points pt 7 ps 0.35 lc rgb '#80404040' title 'values', \\\n";
  s += "  $box using 1:4:4:4:4 with candlesticks lw 2 lc rgb '#000000' title 'median'";
  if (!d.cis.empty())
    s += ", \\\n  $ci using ($1+0.33):2:3:4 with yerrorbars pt 7 ps 0.6 lw 2 lc rgb '#ff7f0e' "
         "title 'median and its CI95 (beside the box)'";
  return s + "\n";
}

Chart one_figure(const ReportData& r, const MetricGroups& m) {
  auto groups = shown_groups(r, m.groups);
  auto names = labels(r, groups);
  bool tcg = false;
  for (size_t i : groups) tcg = tcg || r.groups[i].key.accel == "tcg";
  const bool log_y = log_scale(r, groups);
  const size_t per_group =
      std::clamp(kPointsPerFigure / groups.size(), kMinPointsPerGroup, kPointsPerGroup);
  Chart c;
  c.name = "distribution-" + chart::slug(m.metric);
  c.tcg = tcg;
  c.title = m.metric + (m.unit.empty() ? "" : " (" + m.unit + ")") + chart::tcg_suffix(tcg);
  Drawn d = drawn(r, groups, names, per_group);
  c.script = script(c, m, names, d, log_y);
  c.tables.push_back(std::move(d.table));
  if (groups.size() > 8) c.width = std::min<int>(1400, 420 + int(groups.size()) * 34);
  c.height = 520;
  c.note = fmt::format(
      "Each box is one group of the summary table (column #). Points: up to {} "
      "values per group, evenly strided in record order.",
      per_group);
  if (groups.size() < m.groups.size())
    c.note += fmt::format(
        " Showing the {} groups with the most values of {}; every group is in "
        "the summary table.",
        groups.size(), m.groups.size());
  if (log_y) c.note += " Logarithmic y axis: the groups differ by over 100x.";
  return c;
}

}  // namespace

std::vector<Chart> distribution_charts(const ReportData& r) {
  std::vector<Chart> out;
  for (auto& m : by_metric(r)) out.push_back(one_figure(r, m));
  return out;
}

}  // namespace fcbench::report
