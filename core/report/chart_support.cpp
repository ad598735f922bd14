#include "report/chart_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace fcbench::report::chart {

double percentile(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(sorted.size() - 1);
  size_t lo = size_t(std::floor(rank)), hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (rank - double(lo)) * (sorted[hi] - sorted[lo]);
}

Box box(std::span<const double> values, double q1, double median, double q3) {
  double iqr = q3 - q1, lo_fence = q1 - 1.5 * iqr, hi_fence = q3 + 1.5 * iqr;
  Box b{q1, q1, median, q3, q3};
  for (double v : values) {
    if (v >= lo_fence && v < b.lo) b.lo = v;
    if (v <= hi_fence && v > b.hi) b.hi = v;
  }
  return b;
}

std::vector<size_t> stride_sample(size_t n, size_t max) {
  std::vector<size_t> out;
  if (max == 0) return out;
  if (n <= max) {
    out.resize(n);
    for (size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  out.reserve(max);
  for (size_t k = 0; k < max; ++k) out.push_back(size_t(double(k) * double(n) / double(max)));
  return out;
}

double jitter(size_t i) {
  // The golden-ratio sequence: spread evenly, the same on every run.
  double x = double(i) * 0.6180339887498949;
  return x - std::floor(x) - 0.5;
}

std::string display(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  double a = std::fabs(v);
  if (a >= 1e4 && a < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::string tcg_suffix(bool tcg) {
  return tcg ? std::string(" — ") + accel_label("tcg") : "";
}

bool any_tcg(const ReportData& r) {
  for (auto& g : r.groups)
    if (g.key.accel == "tcg") return true;
  return false;
}

std::string params_text(const std::string& params_json) {
  auto j = nlohmann::json::parse(params_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return params_json;
  std::string out;
  for (auto& [k, v] : j.items()) {
    if (!out.empty()) out += ' ';
    out += k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.')
      out += char(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

int64_t time_origin_ns(const analysis::Dataset& d) {
  int64_t t0 = 0;
  for (auto& in : d.instances)
    if (in.launched_ns != analysis::kNoTime && (t0 == 0 || in.launched_ns < t0))
      t0 = in.launched_ns;
  if (t0 == 0 && !d.host.empty()) t0 = d.host.front().t_ns;
  return t0;
}

}  // namespace fcbench::report::chart
