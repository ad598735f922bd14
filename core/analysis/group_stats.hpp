// Per-group statistics: the numbers a report, compare and the history show.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/inference.hpp"

namespace fcbench::analysis {

struct GroupStats {
  GroupKey key;
  std::string unit;
  bool higher_is_better = false;
  size_t n = 0;
  double mean = 0, sd = 0, cv = 0, median = 0, min = 0, max = 0;
  double p5 = 0, p25 = 0, p75 = 0, p95 = 0, p99 = 0;
  std::optional<Interval> ci95_mean, ci95_median;  // none when n < 2
  std::vector<std::string> outliers;               // ids, modified z-score > 3.5
};

GroupStats describe(const Series& s, const Dataset& d);
std::vector<GroupStats> describe_all(const Dataset& d);  // in series order

// The JSON contract of docs/results-schema.md: benchmark, plugin, params
// (object), vmm, accel, metric, unit, better, n, mean, ..., ci95_mean
// ([lo, hi] or null), ci95_median, outliers.
nlohmann::json to_json(const GroupStats& g);

}  // namespace fcbench::analysis
