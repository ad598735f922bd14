// Instances in flight over time: actual against ideal (the binned sweep of
// analysis::concurrency).
#include <fmt/format.h>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace fcbench::report {

std::optional<Chart> concurrency_chart(const ReportData& r) {
  if (!r.concurrency || r.concurrency->bin_start_s.empty()) return std::nullopt;
  const auto& c = *r.concurrency;
  const bool ideal = c.ideal.size() == c.bin_start_s.size();
  Chart ch;
  ch.name = "concurrency";
  ch.tcg = chart::any_tcg(r);
  ch.title = "Instances in flight" + chart::tcg_suffix(ch.tcg);
  std::vector<std::vector<double>> rows;
  Table bins;
  bins.caption =
      fmt::format("Per bin of {} s: the most instances in flight", chart::display(c.bin_s));
  bins.header = {"bin start (s)", "actual"};
  if (ideal) bins.header.push_back("ideal");
  for (size_t i = 0; i < c.bin_start_s.size(); ++i) {
    double a = i < c.actual.size() ? c.actual[i] : 0;
    rows.push_back({c.bin_start_s[i], a, ideal ? double(c.ideal[i]) : 0});
    bins.rows.push_back({chart::display(c.bin_start_s[i]), chart::display(a)});
    if (ideal) bins.rows.back().push_back(chart::display(c.ideal[i]));
  }
  rows.push_back(rows.back());  // `steps` holds each value to the next x: close the last bin
  rows.back()[0] += c.bin_s;
  bins.collapsed = true;

  Table summary;
  summary.caption = "Instances in flight, launch to exit";
  summary.header = {"peak", "peak at (s)", "mean in flight", "bin (s)", "bins"};
  summary.rows.push_back({std::to_string(c.peak), chart::display(c.peak_at_s),
                          chart::display(c.mean_in_flight), chart::display(c.bin_s),
                          std::to_string(c.bin_start_s.size())});
  ch.tables = {summary, bins};

  std::string& s = ch.script;
  s += fmt::format("set title {} noenhanced\n", gnuplot::quote(ch.title));
  s += "set xlabel 'seconds since the first launch'\nset ylabel 'instances in flight'\n";
  s += "set grid lc rgb '#dddddd'\nset key top right\nset yrange [0:*]\n";
  s += gnuplot::datablock("bins", rows);
  s += "plot $bins using 1:2 with steps lw 2 lc rgb '#1f77b4' title 'actual (launch to exit)'";
  if (ideal)
    s += ", \\\n  $bins using 1:3 with steps lw 2 dt 2 lc rgb '#d62728' "
         "title 'ideal (baseline end-to-end from arrival)'";
  s += "\n";
  ch.note =
      fmt::format("The most instances in flight within each {} s bin.", chart::display(c.bin_s));
  ch.note += ideal
                 ? " Ideal: each instance runs for its baseline end-to-end time from its arrival; "
                   "actual above ideal means instances took longer together than alone."
                 : " No ideal curve: it needs a baseline (baseline.json).";
  return ch;
}

}  // namespace fcbench::report
