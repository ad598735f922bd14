// The CSV format: tidy, one row per record x metric with the group keys; a
// record that did not end ok gets one row with its status and error.
#include <fmt/format.h>

#include "report/formats.hpp"

namespace fcbench::report {

namespace {

// RFC 4180: quote a field holding a comma, quote or line break.
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void write_csv(const ReportData& r, std::ostream& out) {
  const analysis::Dataset& d = r.data;
  out << "id,benchmark,plugin,params,vmm,accel,status,metric,value,unit,better,error\n";
  std::string row;
  for (const auto& s : d.series) {
    const std::string keys =
        fmt::format("{},{},{},{},{}", field(s.key.benchmark), field(s.key.plugin),
                    field(s.key.params), field(s.key.vmm), field(s.key.accel));
    const std::string tail =
        fmt::format("{},{},", field(s.unit), s.higher_is_better ? "higher" : "lower");
    for (size_t i = 0; i < s.values.size(); ++i) {
      row = fmt::format("{},{},ok,{},{},{}\n", field(d.id(d.instances[s.instances[i]])), keys,
                        field(s.key.metric), s.values[i], tail);
      out << row;
    }
  }
  // Keys of a record that is not ok come from its instance (no metrics).
  for (const auto& in : d.instances) {
    if (in.status == results::Status::ok) continue;
    out << fmt::format("{},{},{},{},{},{},{},,,,,{}\n", field(d.id(in)), field(d.name(in.benchmark)),
                       field(d.name(in.plugin)), field(d.name(in.params)), field(d.name(in.vmm)),
                       field(d.name(in.accel)), results::to_string(in.status),
                       field(d.name(in.error)));
  }
}

}  // namespace fcbench::report
