// A group's statistics as named numbers, in one fixed order, for the
// history's table, `history show` and both export formats.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/group_stats.hpp"

namespace fcbench::history {

struct StatField {
  const char* name;             // n, mean, sd, cv, median, min, max, p5, ..., ci95_median_hi
  std::optional<double> value;  // nullopt: a CI bound of a group with n < 2
  bool integer = false;         // n
  const char* help = "";        // one line, for OpenMetrics' # HELP
};

// n, mean, sd, cv, median, min, max, p5, p25, p75, p95, p99, ci95_mean_lo,
// ci95_mean_hi, ci95_median_lo, ci95_median_hi.
std::vector<StatField> stat_fields(const analysis::GroupStats& g);

// "higher" or "lower".
inline const char* better_name(const analysis::GroupStats& g) {
  return g.higher_is_better ? "higher" : "lower";
}

}  // namespace fcbench::history
