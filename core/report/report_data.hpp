// Everything a report shows, computed once from a Dataset; each format
// (json, md, csv, html) only renders it.
#pragma once

#include <optional>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/group_stats.hpp"
#include "analysis/timeline.hpp"

namespace fcbench::report {

struct ReportData {
  const analysis::Dataset& data;
  std::vector<analysis::GroupStats> groups;  // in series order
  std::optional<analysis::Concurrency> concurrency;
  std::optional<analysis::Slowdown> slowdown;
};

ReportData build(const analysis::Dataset& d);

// "emulated (TCG)" for accel tcg, else "".
const char* accel_label(const std::string& accel);

}  // namespace fcbench::report
