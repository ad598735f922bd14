// The per-benchmark aggregate: summary.json and the terminal table.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/not_started.hpp"
#include "results/record.hpp"
#include "results/stats.hpp"

namespace fcbench::results {

struct MetricSummary {
  std::string name, unit;
  bool higher_is_better = true;
  Stats stats;  // over ok records only
};

struct BenchmarkSummary {
  std::string benchmark, plugin, vmm, accel;
  size_t n_ok = 0, n_failed = 0;            // n_failed: every non-ok status
  std::map<std::string, size_t> by_status;  // failed / timeout / interrupted
  std::vector<MetricSummary> metrics;       // plugin metrics, then vm.* timings
  std::vector<std::string> errors;          // distinct failure reasons
};

// Groups by benchmark in first-seen order. Failed records never enter stats.
// Per benchmark, in order of first appearance; `tallies` count as that
// many non-ok records each (a run's not_started ones).
std::vector<BenchmarkSummary> summarize(const std::vector<Record>& records,
                                        const std::vector<Tally>& tallies = {});
nlohmann::json to_json(const BenchmarkSummary& b);
nlohmann::json to_json(const std::vector<BenchmarkSummary>& s);  // {"benchmarks": [...]}
// `doc` with to_json(s)'s "benchmarks", as dump(2) writes it, without
// building that tree: a suite may have a million benchmarks.
std::string dump_summary(nlohmann::json doc, const std::vector<BenchmarkSummary>& s);
std::string format_table(const std::vector<BenchmarkSummary>& s);

}  // namespace fcbench::results
