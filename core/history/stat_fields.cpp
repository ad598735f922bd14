#include "history/stat_fields.hpp"

namespace fcbench::history {

std::vector<StatField> stat_fields(const analysis::GroupStats& g) {
  auto lo = [](const std::optional<analysis::Interval>& i) {
    return i ? std::optional<double>(i->lo) : std::nullopt;
  };
  auto hi = [](const std::optional<analysis::Interval>& i) {
    return i ? std::optional<double>(i->hi) : std::nullopt;
  };
  return {{"n", double(g.n), true, "number of ok values"},
          {"mean", g.mean, false, "mean, in the unit of label unit"},
          {"sd", g.sd, false, "sample standard deviation (n - 1)"},
          {"cv", g.cv, false, "coefficient of variation, sd / |mean|"},
          {"median", g.median, false, "median"},
          {"min", g.min, false, "smallest value"},
          {"max", g.max, false, "largest value"},
          {"p5", g.p5, false, "5th percentile"},
          {"p25", g.p25, false, "25th percentile"},
          {"p75", g.p75, false, "75th percentile"},
          {"p95", g.p95, false, "95th percentile"},
          {"p99", g.p99, false, "99th percentile"},
          {"ci95_mean_lo", lo(g.ci95_mean), false, "95 % CI of the mean, lower bound (n >= 2)"},
          {"ci95_mean_hi", hi(g.ci95_mean), false, "95 % CI of the mean, upper bound (n >= 2)"},
          {"ci95_median_lo", lo(g.ci95_median), false, "95 % CI of the median, lower bound"},
          {"ci95_median_hi", hi(g.ci95_median), false, "95 % CI of the median, upper bound"}};
}

}  // namespace fcbench::history
