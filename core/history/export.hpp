// `fcbench history export`: the per-group statistics of runs as InfluxDB
// line protocol or OpenMetrics text, for InfluxDB, Prometheus and Grafana.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/group_stats.hpp"
#include "history/store.hpp"

namespace fcbench::history {

struct ExportRun {
  RunEntry run;
  std::vector<analysis::GroupStats> groups;
};

// What identifies one group of one run, sorted by name, empty values left
// out: accel, benchmark, better, metric, params, plugin, run, suite, unit, vmm.
std::vector<std::pair<std::string, std::string>> export_labels(const RunEntry& run,
                                                               const analysis::GroupStats& g);

// One line per group: `fcbench,<tags> n=<n>i,mean=...,... <start ns>`. Fields
// are stat_fields() (a CI bound without a value, or a value that is NaN or
// infinite, which line protocol cannot carry, is left out).
void write_influx(std::ostream& out, const std::vector<ExportRun>& runs);
// A tag key or value escaped: ',' '=' ' ' get a backslash. A backslash is
// doubled only before one of those, before another backslash, or at the end:
// elsewhere a lone one is literal to every InfluxDB version, and InfluxDB 1.x
// takes "\\" literally. A newline, tab or carriage return (which line
// protocol cannot carry) becomes the two characters \n, \t, \r.
std::string influx_escape(std::string_view s);

// One gauge family per statistic (fcbench_n, fcbench_mean, ...), a sample
// per group with its labels and the run's start time; ends with "# EOF".
void write_openmetrics(std::ostream& out, const std::vector<ExportRun>& runs);
// A label value escaped: '\' '"' and newline as \\ \" \n.
std::string openmetrics_escape(std::string_view s);

}  // namespace fcbench::history
