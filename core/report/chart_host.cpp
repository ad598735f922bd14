// The host monitor over time (host.jsonl): CPU, memory available, load and
// instances running, binned to at most kMaxPoints points.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/gnuplot.hpp"

namespace fcbench::report {

namespace {

constexpr size_t kMaxPoints = 1000;

// One point of the figure: the mean of a run of consecutive samples (the
// most instances running for `running`).
struct HostPoint {
  double t_s = 0, user = 0, system = 0, iowait = 0, mem_mib = 0, load1 = 0, running = 0;
  bool cpu = false;  // some sample of the bin had CPU fractions
};

std::vector<HostPoint> bin_samples(const std::vector<host::HostSample>& in, int64_t t0) {
  std::vector<const host::HostSample*> ok;
  for (auto& s : in)
    if (s.error.empty()) ok.push_back(&s);
  const size_t per = std::max<size_t>(1, (ok.size() + kMaxPoints - 1) / kMaxPoints);
  std::vector<HostPoint> out;
  for (size_t i = 0; i < ok.size(); i += per) {
    HostPoint p;
    size_t n = 0, ncpu = 0;
    for (size_t j = i; j < std::min(ok.size(), i + per); ++j, ++n) {
      auto& s = *ok[j];
      p.t_s += double(s.t_ns - t0) / 1e9;
      p.mem_mib += double(s.mem_available_kib) / 1024.0;
      p.load1 += s.load1;
      p.running = std::max(p.running, double(s.running));
      if (s.interval_s > 0) {
        p.user += s.cpu_user, p.system += s.cpu_system, p.iowait += s.cpu_iowait;
        ++ncpu;
      }
    }
    p.t_s /= double(n), p.mem_mib /= double(n), p.load1 /= double(n);
    if (ncpu) p.user /= double(ncpu), p.system /= double(ncpu), p.iowait /= double(ncpu);
    p.cpu = ncpu > 0;
    out.push_back(p);
  }
  return out;
}

std::vector<std::vector<double>> rows_of(const std::vector<HostPoint>& pts) {
  std::vector<std::vector<double>> rows;
  const double nan = std::nan("");
  for (auto& p : pts)
    rows.push_back({p.t_s, p.cpu ? p.user : nan, p.cpu ? p.system : nan, p.cpu ? p.iowait : nan,
                    p.mem_mib, p.load1, p.running});
  return rows;
}

Table summary_table(const std::vector<HostPoint>& pts) {
  Table t;
  t.caption = "Over the whole run (from the points drawn)";
  t.header = {"",        "CPU user %",       "CPU system %", "CPU iowait %", "memory available MiB",
              "load 1m", "instances running"};
  HostPoint mean, max, min;
  min.mem_mib = pts.empty() ? 0 : pts[0].mem_mib;
  size_t ncpu = 0;
  for (auto& p : pts) {
    if (p.cpu) {
      mean.user += p.user, mean.system += p.system, mean.iowait += p.iowait, ++ncpu;
      max.user = std::max(max.user, p.user), max.system = std::max(max.system, p.system);
      max.iowait = std::max(max.iowait, p.iowait);
    }
    mean.mem_mib += p.mem_mib, mean.load1 += p.load1, mean.running += p.running;
    min.mem_mib = std::min(min.mem_mib, p.mem_mib);
    max.mem_mib = std::max(max.mem_mib, p.mem_mib), max.load1 = std::max(max.load1, p.load1);
    max.running = std::max(max.running, p.running);
  }
  double n = double(std::max<size_t>(1, pts.size())), nc = double(std::max<size_t>(1, ncpu));
  using chart::display;
  t.rows.push_back({"mean", display(mean.user / nc), display(mean.system / nc),
                    display(mean.iowait / nc), display(mean.mem_mib / n), display(mean.load1 / n),
                    display(mean.running / n)});
  t.rows.push_back({"max", display(max.user), display(max.system), display(max.iowait),
                    display(max.mem_mib), display(max.load1), display(max.running)});
  t.rows.push_back({"min", "", "", "", display(min.mem_mib), "", ""});
  return t;
}

Table points_table(const std::vector<HostPoint>& pts) {
  Table t;
  t.caption = fmt::format("The {} points drawn", pts.size());
  t.header = {"t (s)",   "CPU user %",       "CPU system %", "CPU iowait %", "memory available MiB",
              "load 1m", "instances running"};
  for (auto& p : pts) {
    auto cpu = [&](double v) { return p.cpu ? chart::display(v) : std::string(""); };
    t.rows.push_back({chart::display(p.t_s), cpu(p.user), cpu(p.system), cpu(p.iowait),
                      chart::display(p.mem_mib), chart::display(p.load1),
                      chart::display(p.running)});
  }
  t.collapsed = true;
  return t;
}

}  // namespace

std::optional<Chart> host_chart(const ReportData& r) {
  auto pts = bin_samples(r.data.host, chart::time_origin_ns(r.data));
  if (pts.empty()) return std::nullopt;
  Chart c;
  c.name = "host-monitor";
  c.tcg = chart::any_tcg(r);
  c.title = "Host monitor" + chart::tcg_suffix(c.tcg);
  c.height = 860;
  c.tables = {summary_table(pts), points_table(pts)};
  std::string& s = c.script;
  s += gnuplot::datablock("host", rows_of(pts));
  s += fmt::format("set multiplot layout 4,1 title {} noenhanced\n", gnuplot::quote(c.title));
  s += "set grid lc rgb '#dddddd'\nset key outside right top vertical\nset lmargin 12\n"
       "set rmargin 24\nset xlabel ''\n";
  s += "set ylabel 'CPU %'\nset yrange [0:*]\n"
       "plot $host using 1:2 with lines lw 1.5 lc rgb '#1f77b4' title 'user', \\\n"
       "  $host using 1:3 with lines lw 1.5 lc rgb '#ff7f0e' title 'system', \\\n"
       "  $host using 1:4 with lines lw 1.5 lc rgb '#d62728' title 'iowait'\n";
  s += "set ylabel 'MiB'\nset yrange [*:*]\n"
       "plot $host using 1:5 with lines lw 1.5 lc rgb '#2ca02c' title 'memory available'\n";
  s += "set ylabel 'load'\nset yrange [0:*]\n"
       "plot $host using 1:6 with lines lw 1.5 lc rgb '#9467bd' title 'load average 1m'\n";
  s += "set ylabel 'instances'\nset xlabel 'seconds since the first launch'\n"
       "plot $host using 1:7 with steps lw 1.5 lc rgb '#8c564b' title 'instances running'\n";
  s += "unset multiplot\n";
  size_t bad = 0;
  for (auto& h : r.data.host) bad += !h.error.empty();
  c.note = fmt::format("{} samples of host.jsonl", r.data.host.size() - bad);
  if (pts.size() < r.data.host.size() - bad)
    c.note += fmt::format(
        ", averaged in runs of consecutive samples to {} points (instances "
        "running: the most in the run)",
        pts.size());
  c.note += ". CPU is percent of all CPU time; user includes nice.";
  if (bad) c.note += fmt::format(" {} samples that could not be read are left out.", bad);
  return c;
}

}  // namespace fcbench::report
