// The pieces of the HTML report (html.cpp puts them together). Each returns
// an HTML fragment with every user string escaped; "" when there is nothing
// to show.
#pragma once

#include <string>
#include <string_view>

#include "report/charts.hpp"
#include "report/report_data.hpp"

namespace fcbench::report::html {

// Text for HTML element content and attribute values.
std::string escape(std::string_view s);

// A <table> with its caption; inside a <details> when t.collapsed.
std::string table(const Table& t);

// The environment fingerprint (env.json) of each directory, side by side.
std::string environment_section(const ReportData& r);
// Records by status, the failure groups, and the loader's warnings.
std::string records_section(const ReportData& r);
// Why each benchmark stopped repeating (summary.json "repetitions").
std::string repetitions_section(const ReportData& r);
// One row per group; every number also exact in data-value (JSON text),
// with data-group (index in ReportData::groups) and data-stat (the key of
// the JSON format's group object).
std::string summary_section(const ReportData& r);
// The outlier ids of each group that has any.
std::string outliers_section(const ReportData& r);

// A <figure>: title, the inline SVG (or `problem` in its place), how to read
// it, and its tables.
std::string figure(const Chart& c, const std::string& inline_svg, const std::string& problem);

// The page's style sheet.
extern const char* const kCss;

}  // namespace fcbench::report::html
