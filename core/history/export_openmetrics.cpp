#include <fmt/format.h>

#include <cmath>

#include "history/export.hpp"
#include "history/stat_fields.hpp"

namespace fcbench::history {

std::string openmetrics_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

namespace {

// A sample value: NaN, +Inf, -Inf or the shortest exact decimal.
std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

// Unix ns as OpenMetrics seconds: 1795639801.123.
std::string seconds(int64_t ns) {
  int64_t s = ns / 1'000'000'000, frac = ns % 1'000'000'000;
  if (frac < 0) frac += 1'000'000'000, --s;
  if (frac == 0) return std::to_string(s);
  std::string f = fmt::format("{:09}", frac);
  f.erase(f.find_last_not_of('0') + 1);
  return fmt::format("{}.{}", s, f);
}

std::string labels(const RunEntry& run, const analysis::GroupStats& g) {
  std::string out;
  for (const auto& [k, v] : export_labels(run, g))
    out += fmt::format("{}{}=\"{}\"", out.empty() ? "" : ",", k, openmetrics_escape(v));
  return out;
}

}  // namespace

void write_openmetrics(std::ostream& out, const std::vector<ExportRun>& runs) {
  struct Sample {
    std::string labels, time;
    std::vector<StatField> fields;
  };
  std::vector<Sample> samples;
  for (const ExportRun& r : runs)
    for (const analysis::GroupStats& g : r.groups)
      samples.push_back({labels(r.run, g), seconds(r.run.started_ns), stat_fields(g)});
  const std::vector<StatField> names = stat_fields(analysis::GroupStats{});
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string family = fmt::format("fcbench_{}", names[i].name);
    out << fmt::format("# TYPE {} gauge\n", family);
    out << fmt::format("# HELP {} fcbench group statistic: {}\n", family, names[i].help);
    for (const Sample& s : samples)
      if (const auto& v = s.fields[i].value)  // none: a CI bound of a group with n < 2
        out << fmt::format("{}{{{}}} {} {}\n", family, s.labels, number(*v), s.time);
  }
  out << "# EOF\n";
}

}  // namespace fcbench::history
