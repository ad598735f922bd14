// Hand-built datasets for the HTML report's unit tests: plain structs filled
// in directly, so the report is tested apart from the loader and the
// statistics module.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/group_stats.hpp"
#include "report/report_data.hpp"

namespace fcbench::test {

// Numbers for a group from its values: enough for a report to draw.
inline analysis::GroupStats stats_of(const analysis::Series& s) {
  analysis::GroupStats g;
  g.key = s.key;
  g.unit = s.unit;
  g.higher_is_better = s.higher_is_better;
  std::vector<double> v = s.values;
  std::sort(v.begin(), v.end());
  g.n = v.size();
  if (v.empty()) return g;
  auto pct = [&](double p) {
    double rank = p / 100 * double(v.size() - 1);
    size_t lo = size_t(rank), hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (rank - double(lo)) * (v[hi] - v[lo]);
  };
  g.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - g.mean) * (x - g.mean);
  g.sd = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0;
  g.cv = g.mean != 0 ? g.sd / g.mean : 0;
  g.median = pct(50), g.min = v.front(), g.max = v.back();
  g.p5 = pct(5), g.p25 = pct(25), g.p75 = pct(75), g.p95 = pct(95), g.p99 = pct(99);
  if (v.size() >= 2) {
    double h = 1.96 * g.sd / std::sqrt(double(v.size()));
    g.ci95_mean = analysis::Interval{g.mean - h, g.mean + h};
    g.ci95_median = analysis::Interval{pct(40), pct(60)};
  }
  return g;
}

inline uint32_t intern(analysis::Dataset& d, const std::string& s) {
  for (uint32_t i = 0; i < d.names.size(); ++i)
    if (d.names[i] == s) return i;
  d.names.push_back(s);
  return uint32_t(d.names.size() - 1);
}

// A run of `per_bench` ok instances of each benchmark (one group per
// benchmark and metric), launched 0.1 s apart, with host samples.
inline analysis::Dataset make_dataset(const std::vector<std::string>& benchmarks, size_t per_bench,
                                      const std::string& accel = "tcg", uint64_t seed = 1) {
  analysis::Dataset d;
  d.dirs = {"results/run-1"};
  d.env = {{"host",
            {{"cpu_model", "Test CPU @ 2.0GHz"},
             {"cpu_threads", 2},
             {"host_arch", "x86_64"},
             {"host_kernel", "6.1.0-test"}}},
           {"host_settings", {{"smt", "on"}, {"governor", "performance"}}},
           {"vmms", {{"qemu", {{"version", "QEMU emulator version 7.2.0"}}}}},
           {"guest_kernels", {{"default", {{"release", "6.1.0-guest"}}}}},
           {"fcbench", {{"version", "0.1.0"}, {"git_commit", "0123456789abcdef0123"}}}};
  d.envs = {d.env};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(1.0, 0.05);
  const int64_t t0 = 1'000'000'000'000;
  for (size_t b = 0; b < benchmarks.size(); ++b) {
    uint32_t name = intern(d, benchmarks[b]), params = intern(d, "{\"n\":1000}");
    analysis::Series e2e{
        {benchmarks[b], benchmarks[b], "{\"n\":1000}", "qemu", accel, "vm.end_to_end"},
        "ms",
        false,
        {},
        {}};
    analysis::Series rt = e2e;
    rt.key.metric = "runtime", rt.unit = "ms";
    for (size_t i = 0; i < per_bench; ++i) {
      analysis::Instance in;
      d.set_id(in, benchmarks[b] + "-r" + std::to_string(i + 1));
      in.benchmark = in.plugin = name;
      in.params = params;
      in.status = results::Status::ok;
      in.arrival_ns = t0 + int64_t(d.instances.size()) * 100'000'000;
      in.launched_ns = in.arrival_ns + 1'000'000;
      in.end_to_end_ms = 500.0 * double(b + 1) * noise(rng);
      in.time_to_payload_ms = 300.0 * noise(rng);
      in.exited_ns = in.launched_ns + int64_t(in.end_to_end_ms * 1e6);
      in.guest_payload_ns = int64_t(100e6 * double(b + 1) * noise(rng));
      e2e.values.push_back(in.end_to_end_ms);
      rt.values.push_back(double(in.guest_payload_ns) / 1e6);
      e2e.instances.push_back(uint32_t(d.instances.size()));
      rt.instances.push_back(uint32_t(d.instances.size()));
      d.instances.push_back(in);
    }
    d.series.push_back(std::move(rt));
    d.series.push_back(std::move(e2e));
  }
  std::sort(d.series.begin(), d.series.end(), [](auto& a, auto& b) { return a.key < b.key; });
  d.by_status[results::Status::ok] = d.instances.size();
  for (int i = 0; i < 40; ++i) {
    host::HostSample s;
    s.t_ns = t0 - 500'000'000 + int64_t(i) * 250'000'000;
    s.interval_s = i ? 0.25 : 0;
    s.cpu_user = 40 + i % 7, s.cpu_system = 10, s.cpu_iowait = 1, s.cpu_idle = 49 - i % 7;
    s.mem_available_kib = 4'000'000 - uint64_t(i) * 1000, s.mem_total_kib = 8'000'000;
    s.load1 = 1.5, s.running = i % 3;
    d.host.push_back(s);
  }
  return d;
}

inline std::vector<analysis::GroupStats> stats_all(const analysis::Dataset& d) {
  std::vector<analysis::GroupStats> out;
  for (auto& s : d.series) out.push_back(stats_of(s));
  return out;
}

}  // namespace fcbench::test
