#include "run/adaptive.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace fcbench::run {

namespace {

using Criterion = config::AdaptiveRepetitions::Criterion;

double relative(double x, double mean) {
  if (x == 0) return 0;
  if (mean == 0) return std::numeric_limits<double>::infinity();
  return x / std::abs(mean);
}

}  // namespace

double t975(size_t df) {
  return boost::math::quantile(boost::math::students_t(double(df)), 0.975);
}

Spread spread(std::span<const double> v) {
  const size_t n = v.size();
  if (n < 2) return {};
  double mean = 0;
  for (double x : v) mean += x;
  mean /= double(n);
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  return {relative(t975(n - 1) * sd / std::sqrt(double(n)), mean), relative(sd, mean)};
}

std::string to_string(Stop s) {
  switch (s) {
    case Stop::converged:
      return "converged";
    case Stop::max:
      return "max";
    case Stop::failed:
      return "failed";
    case Stop::no_metric:
      return "no_metric";
    default:
      return "none";
  }
}

std::optional<double> criterion_value(const Spread& s, const config::AdaptiveRepetitions& spec) {
  return spec.criterion == Criterion::ci ? s.ci95_rel : s.rsd;
}

std::string percent(double f) {
  if (std::isinf(f)) return "∞ %";
  const double p = f * 100;
  return std::abs(p) >= 0.1 || p == 0 ? fmt::format("{:.1f} %", p) : fmt::format("{:.2g} %", p);
}

std::string describe(const Spread& s, const config::AdaptiveRepetitions& spec) {
  const bool ci = spec.criterion == Criterion::ci;
  auto v = criterion_value(s, spec);
  if (!v) return ci ? "CI n/a" : "RSD n/a";
  return (ci ? "CI ±" : "RSD ") + percent(*v);
}

Decision decide(const Sample& s, const config::AdaptiveRepetitions& spec, const std::string& metric,
                const std::vector<std::string>& metrics_seen) {
  if (s.runs < spec.min) return {};
  if (s.ok == 0)
    return {Stop::failed, fmt::format("all {} runs failed; stopped at min={}", s.runs, spec.min)};
  if (s.values.empty())
    return {
        Stop::no_metric,
        fmt::format("no ok run reported the primary metric '{}' ({}); stopped at min={}", metric,
                    metrics_seen.empty()
                        ? "they reported no metrics"
                        : fmt::format("they reported {}", fmt::join(metrics_seen, ", ")),
                    spec.min)};
  const Spread sp = spread(s.values);
  const auto v = criterion_value(sp, spec);
  if (s.values.size() >= spec.min && v && *v <= spec.target)
    return {Stop::converged, fmt::format("converged at n={}", s.values.size())};
  if (s.runs >= spec.max)
    return {Stop::max, fmt::format("hit max={}, {}", spec.max, describe(sp, spec))};
  return {};
}

}  // namespace fcbench::run
