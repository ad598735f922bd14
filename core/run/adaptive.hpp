// Adaptive repetitions, the decision alone: from one benchmark's results so
// far and its spec, whether it needs more repetitions, and why not. Pure
// functions, like run/limits; run/adaptive_gate applies them during a run.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/suite.hpp"

namespace fcbench::run {

// The two-sided 95 % quantile of Student's t with `df` degrees of freedom
// (df >= 1): 12.706 for 1, 2.262 for 9, → 1.960.
double t975(size_t df);

// How spread out the values are, relative to |mean|; nullopt for n < 2.
// Both are 0 when every value is the same, +inf when the mean is 0 and
// they are not.
struct Spread {
  std::optional<double> ci95_rel;  // t975(n-1) · sd / √n / |mean|: the CI half-width
  std::optional<double> rsd;       // sd / |mean| (sd with divisor n − 1)
};
Spread spread(std::span<const double> values);

// What is known about one benchmark's repetitions.
struct Sample {
  std::vector<double> values;  // the primary metric of each ok run that reported it
  size_t ok = 0;               // ok runs
  size_t runs = 0;             // final runs: ok, failed and timeout
};

// Why a benchmark gets no more repetitions; none: it needs more.
//  converged: at least min values and the criterion within target;
//  max: `max` runs done; failed: the first min runs all failed;
//  no_metric: min runs done, some ok, none reported the primary metric.
enum class Stop { none, converged, max, failed, no_metric };
std::string to_string(Stop s);  // "none", "converged", "max", "failed", "no_metric"

struct Decision {
  Stop stop = Stop::none;
  std::string reason;  // e.g. "converged at n=12", "hit max=50, CI ±3.4 %"; empty for none
};

// Nothing is decided before `min` runs. `metric` names the primary metric
// in messages. `metrics_seen` lists the metrics the ok runs did report.
Decision decide(const Sample& s, const config::AdaptiveRepetitions& spec, const std::string& metric,
                const std::vector<std::string>& metrics_seen = {});

// The criterion's statistic of a spread: ci95_rel or rsd.
std::optional<double> criterion_value(const Spread& s, const config::AdaptiveRepetitions& spec);
// "CI ±3.4 %" or "RSD 4.1 %" (n/a for n < 2, ∞ for a zero mean).
std::string describe(const Spread& s, const config::AdaptiveRepetitions& spec);
// A fraction as a percentage: 0.034 → "3.4 %", 0.00012 → "0.012 %".
std::string percent(double fraction);

}  // namespace fcbench::run
