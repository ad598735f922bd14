// Helpers the chart builders share: box-plot numbers, deterministic
// sampling, number display and labels. Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/dataset.hpp"
#include "report/report_data.hpp"

namespace fcbench::report::chart {

// Percentile p (0..100) of sorted values, linear between closest ranks.
double percentile(std::span<const double> sorted, double p);

// A box plot's five numbers: whiskers at the most extreme values within
// 1.5 IQR of the box (Tukey), from one linear pass over `values`.
struct Box {
  double lo = 0, q1 = 0, median = 0, q3 = 0, hi = 0;
};
Box box(std::span<const double> values, double q1, double median, double q3);

// At most `max` indices of 0..n-1, evenly strided, the first always in;
// all of them when n <= max.
std::vector<size_t> stride_sample(size_t n, size_t max);

// Deterministic horizontal jitter in [-0.5, 0.5) for the i-th point.
double jitter(size_t i);

// A number for a table cell: 4 significant digits, whole numbers from 1e4.
std::string display(double v);

// " — emulated (TCG)" when tcg, else "".
std::string tcg_suffix(bool tcg);
// Whether any group of the report ran under TCG.
bool any_tcg(const ReportData& r);

// {"a":1,"b":"x"} as "a=1 b=x"; "" for {}; the text itself if not JSON.
std::string params_text(const std::string& params_json);

// `s` lowered, with runs of anything but [a-z0-9.] as one '-'.
std::string slug(std::string_view s);

// The zero of every time axis: the earliest launch, else the first host
// sample, else 0 (host monotonic ns).
int64_t time_origin_ns(const analysis::Dataset& d);

}  // namespace fcbench::report::chart
