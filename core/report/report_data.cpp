#include "report/report_data.hpp"

namespace fcbench::report {

ReportData build(const analysis::Dataset& d) {
  return {d, analysis::describe_all(d), analysis::concurrency(d), analysis::slowdown(d)};
}

const char* accel_label(const std::string& accel) {
  return accel == "tcg" ? "emulated (TCG)" : "";
}

}  // namespace fcbench::report
