// What `history list` and `history show` print: plain-text tables (pure).
#pragma once

#include <string>
#include <vector>

#include "analysis/group_stats.hpp"
#include "history/store.hpp"

namespace fcbench::history {

// One row per run: ID, STARTED, SUITE, VMM/ACCEL, RECORDS, DIR, the last
// followed by "(missing)" when the directory is gone.
std::string format_list(const std::vector<RunEntry>& runs);

// The run's facts (one "key  value" line each), then a table of its group
// statistics: BENCHMARK, METRIC, VMM/ACCEL, N, MEAN, MEDIAN, CV, P95,
// CI95 MEAN, CI95 MEDIAN, UNIT ("-" for a CI of a group with n < 2), and a
// closing note when any group ran under TCG.
std::string format_show(const RunEntry& run, const std::vector<analysis::GroupStats>& groups);

// vmm/accel, with " emulated (TCG)" when accel is tcg.
std::string vmm_accel(const std::string& vmm, const std::string& accel);

// A statistic for a table: 6 significant digits, no exponent below 1e9.
std::string format_value(double v);

}  // namespace fcbench::history
