// The report's figures, as gnuplot scripts plus the tables that carry the
// same numbers. Everything is aggregated or sampled here, in C++, so a
// figure of a million records holds at most a few thousand points. Pure:
// nothing runs gnuplot (html.cpp does).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report_data.hpp"

namespace fcbench::report {

// A table of plain-text cells (escaped when rendered).
struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  bool collapsed = false;  // long: shown folded (<details>)
};

struct Chart {
  std::string name;    // file stem in figures/ and HTML id; [a-z0-9._-], unique
  std::string title;   // plain text; ends in " — emulated (TCG)" for TCG numbers
  std::string script;  // gnuplot commands after the terminal line
  bool tcg = false;    // holds numbers of TCG runs: every table says so too
  int width = 860, height = 440;
  std::string note;           // how to read it, what was sampled (plain text)
  std::vector<Table> tables;  // the figure's numbers
};

// Per (metric, unit): each group's distribution (box p25-p75, whiskers at
// 1.5 IQR, median line, CI95 of the median as a band, sampled points).
std::vector<Chart> distribution_charts(const ReportData& r);
// Instances in flight over time, actual against ideal (ReportData::concurrency).
std::optional<Chart> concurrency_chart(const ReportData& r);
// Slowdown per plugin (distribution) and against instances in flight at start.
std::vector<Chart> slowdown_charts(const ReportData& r);
// Host monitor over time: CPU, memory available, load, instances running.
std::optional<Chart> host_chart(const ReportData& r);
// End-to-end and time to payload of each instance against its launch time.
std::optional<Chart> drift_chart(const ReportData& r);

// All of the above, in report order, with unique names.
std::vector<Chart> all_charts(const ReportData& r);

}  // namespace fcbench::report
