#include "report/report_data.hpp"

#include <future>

namespace fcbench::report {

// The timeline is computed beside the group statistics: both are CPU-bound.
ReportData build(const analysis::Dataset& d) {
  auto timeline = std::async(std::launch::async, [&] { return analysis::concurrency(d); });
  auto groups = analysis::describe_all(d);
  return {d, std::move(groups), timeline.get(), analysis::slowdown(d)};
}

const char* accel_label(const std::string& accel) {
  return accel == "tcg" ? "emulated (TCG)" : "";
}

}  // namespace fcbench::report
