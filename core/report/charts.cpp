#include "report/charts.hpp"

#include <set>

namespace fcbench::report {

std::vector<Chart> all_charts(const ReportData& r) {
  std::vector<Chart> out = distribution_charts(r);
  if (auto c = concurrency_chart(r)) out.push_back(std::move(*c));
  for (auto& c : slowdown_charts(r)) out.push_back(std::move(c));
  if (auto c = host_chart(r)) out.push_back(std::move(*c));
  if (auto c = drift_chart(r)) out.push_back(std::move(*c));
  std::set<std::string> seen;
  for (auto& c : out) {
    std::string base = c.name;
    for (int k = 2; !seen.insert(c.name).second; ++k) c.name = base + "-" + std::to_string(k);
  }
  return out;
}

}  // namespace fcbench::report
