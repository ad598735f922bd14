// Numbers as reports print them.
#pragma once

#include <optional>
#include <string>

#include "analysis/group_stats.hpp"

namespace fcbench::report {

// Four significant digits, plain or scientific: "1234", "12.35", "1.235e+07".
std::string num(double v);
// "0.8 %" style, one decimal.
std::string percent(double fraction);
// "[lo, hi]", or "no CI (n < 2)" when there is none.
std::string ci_text(const std::optional<analysis::Interval>& ci);
// "prime n=1000" style label of a group's benchmark and params.
std::string params_text(const std::string& params_json);

}  // namespace fcbench::report
