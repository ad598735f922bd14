// The report formats. json is the stable contract (docs/results-schema.md);
// md is for pull-request comments; csv is tidy (one row per record x metric).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "report/report_data.hpp"

namespace fcbench::report {

nlohmann::json to_json(const ReportData& r);
std::string to_markdown(const ReportData& r);
// Streams rows: record id, the group keys, status, metric, value, unit.
void write_csv(const ReportData& r, std::ostream& out);
// One self-contained page (inline CSS and SVG); each figure is also written
// as a standalone SVG into `figures_dir` (created).
std::string to_html(const ReportData& r, const std::filesystem::path& figures_dir);

}  // namespace fcbench::report
