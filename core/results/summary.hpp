// The per-benchmark aggregate: summary.json and the terminal table.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
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

// summarize(), one record at a time: a run's summary without its records.
// It keeps each ok record's metric values and nothing else of it.
class SummaryBuilder {
 public:
  void add(const Record& r);
  void add(const Tally& t);  // `t.count` non-ok records
  std::vector<BenchmarkSummary> take();

 private:
  struct Metric {
    MetricSummary summary;
    std::vector<double> values;
  };
  struct Bench {
    BenchmarkSummary s;
    std::vector<Metric> metrics;  // in order of first appearance
    void add(const std::string& name, const std::string& unit, bool higher, double v);
    void add_not_ok(Status status, const std::string& error, size_t n);
  };
  Bench& bench(const std::string& name, const std::string& plugin, const std::string& vmm,
               const std::string& accel);
  std::vector<Bench> benches_;                       // in order of first appearance
  std::unordered_map<std::string, size_t> by_name_;  // into benches_
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
