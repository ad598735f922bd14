// Slowdown against the baseline: per plugin (distribution), and against the
// number of instances in flight when each started (scatter).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace fcbench::report {

namespace {

constexpr size_t kPointsPerPlugin = 200;
constexpr size_t kScatterPoints = 1500;  // of the slowdown sample, drawn
constexpr const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                   "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

std::string no_slowdown_line() {
  return "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#555555'\n";
}

Chart by_plugin(const analysis::Slowdown& sd, bool tcg) {
  Chart c;
  c.name = "slowdown-by-plugin";
  c.tcg = tcg;
  c.title = "Slowdown per plugin (end-to-end / baseline end-to-end)" + chart::tcg_suffix(tcg);
  std::vector<std::vector<double>> boxes, points;
  Table t;
  t.caption =
      "Slowdown per plugin: n, mean, median and p95 over every instance; the box over the "
      "values drawn";
  t.header = {"plugin",      "n",   "mean", "median",       "p95",
              "whisker low", "p25", "p75",  "whisker high", "points drawn"};
  std::string xtics;
  for (size_t i = 0; i < sd.by_plugin.size(); ++i) {
    auto& p = sd.by_plugin[i];
    std::vector<double> sorted = p.values;
    std::sort(sorted.begin(), sorted.end());
    auto b = chart::box(sorted, chart::percentile(sorted, 25), chart::percentile(sorted, 50),
                        chart::percentile(sorted, 75));
    double x = double(i + 1);
    if (!sorted.empty()) boxes.push_back({x, b.lo, b.q1, b.median, b.q3, b.hi});
    auto idx = chart::stride_sample(p.values.size(), kPointsPerPlugin);
    for (size_t k = 0; k < idx.size(); ++k)
      points.push_back({x + 0.36 * chart::jitter(k), p.values[idx[k]]});
    t.rows.push_back({p.plugin, std::to_string(p.n), chart::display(p.mean),
                      chart::display(p.median), chart::display(p.p95), chart::display(b.lo),
                      chart::display(b.q1), chart::display(b.q3), chart::display(b.hi),
                      std::to_string(idx.size())});
    xtics += fmt::format("{}{} {}", i ? ", " : "", gnuplot::quote(p.plugin), i + 1);
  }
  c.tables.push_back(std::move(t));
  std::string& s = c.script;
  s += fmt::format("set title {} noenhanced\n", gnuplot::quote(c.title));
  s += "set ylabel 'slowdown (x)'\nset grid ytics lc rgb '#dddddd'\n";
  s += fmt::format("set xrange [0.4:{}]\n", double(sd.by_plugin.size()) + 0.6);
  s += fmt::format("set xtics ({}) nomirror noenhanced\n", xtics);
  s += "set key outside bottom center horizontal\nset boxwidth 0.5 absolute\n"
       "set style fill solid 0.25 border\n";
  s += no_slowdown_line();
  s += gnuplot::datablock("box", boxes) + gnuplot::datablock("pts", points);
  s += "plot $box using 1:3:2:6:5 with candlesticks whiskerbars 0.5 lc rgb '#1f77b4' "
       "title 'p25 to p75, whiskers 1.5 IQR', \\\n"
       "  $pts using 1:2 with points pt 7 ps 0.35 lc rgb '#80404040' title 'instances', \\\n"
       "  $box using 1:4:4:4:4 with candlesticks lw 2 lc rgb '#000000' title 'median'\n";
  c.note = "1 (dashed) is the baseline: an instance that took as long as it did alone.";
  if (sd.no_baseline)
    c.note +=
        fmt::format(" {} ok records had no baseline entry and are not counted.", sd.no_baseline);
  return c;
}

// Per number in flight at start: n, median and p95 of the slowdown.
Table in_flight_table(const analysis::Slowdown& sd) {
  std::map<uint32_t, std::vector<double>> at;
  for (auto& p : sd.points) at[p.in_flight_at_start].push_back(p.slowdown);
  Table t;
  t.caption = fmt::format(
      "Slowdown by instances in flight at start, over the {} instances of the "
      "slowdown sample",
      sd.points.size());
  t.header = {"in flight at start", "n", "median", "p95", "max"};
  for (auto& [k, v] : at) {
    std::sort(v.begin(), v.end());
    t.rows.push_back({std::to_string(k), std::to_string(v.size()),
                      chart::display(chart::percentile(v, 50)),
                      chart::display(chart::percentile(v, 95)), chart::display(v.back())});
  }
  t.collapsed = t.rows.size() > 15;
  return t;
}

Chart vs_in_flight(const ReportData& r, const analysis::Slowdown& sd, bool tcg) {
  Chart c;
  c.name = "slowdown-vs-in-flight";
  c.tcg = tcg;
  c.title = "Slowdown against instances in flight at start" + chart::tcg_suffix(tcg);
  // One series per plugin (the first 7), the rest together.
  std::vector<uint32_t> order;
  std::map<uint32_t, std::vector<std::vector<double>>> rows;
  auto idx = chart::stride_sample(sd.points.size(), kScatterPoints);
  for (size_t i : idx) {
    auto& p = sd.points[i];
    if (!rows.count(p.plugin)) order.push_back(p.plugin);
    rows[p.plugin].push_back({p.in_flight_at_start + 0.3 * chart::jitter(i), p.slowdown});
  }
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return r.data.name(a) < r.data.name(b); });
  std::string& s = c.script;
  s += fmt::format("set title {} noenhanced\n", gnuplot::quote(c.title));
  s += "set xlabel 'instances in flight when it started'\nset ylabel 'slowdown (x)'\n";
  s += "set grid lc rgb '#dddddd'\nset key outside bottom center horizontal noenhanced\n";
  s += no_slowdown_line();
  std::vector<std::string> plots;
  std::vector<std::vector<double>> other;
  for (size_t k = 0; k < order.size(); ++k) {
    auto& pts = rows[order[k]];
    if (k >= 7) {
      other.insert(other.end(), pts.begin(), pts.end());
      continue;
    }
    s += gnuplot::datablock(fmt::format("p{}", k), pts);
    plots.push_back(fmt::format("$p{} using 1:2 with points pt 7 ps 0.4 lc rgb '{}' title {}", k,
                                kColors[k], gnuplot::quote(r.data.name(order[k]))));
  }
  if (!other.empty()) {
    s += gnuplot::datablock("other", other);
    plots.push_back(fmt::format(
        "$other using 1:2 with points pt 7 ps 0.4 lc rgb '{}' title 'other'", kColors[7]));
  }
  s += "plot " + fmt::format("{}", fmt::join(plots, ", \\\n  ")) + "\n";
  c.tables.push_back(in_flight_table(sd));
  c.note = fmt::format(
      "Each point is one instance: {} of the {} in the slowdown sample, evenly "
      "strided. x is jittered by up to 0.15 so equal counts stay visible.",
      idx.size(), sd.points.size());
  return c;
}

}  // namespace

std::vector<Chart> slowdown_charts(const ReportData& r) {
  std::vector<Chart> out;
  if (!r.slowdown || r.slowdown->by_plugin.empty()) return out;
  bool tcg = chart::any_tcg(r);
  out.push_back(by_plugin(*r.slowdown, tcg));
  if (!r.slowdown->points.empty()) out.push_back(vs_in_flight(r, *r.slowdown, tcg));
  return out;
}

}  // namespace fcbench::report
