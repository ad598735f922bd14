#include <fmt/format.h>

#include <cmath>

#include "history/export.hpp"
#include "history/stat_fields.hpp"

namespace fcbench::history {

std::string influx_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
      case ',':
      case '=':
      case ' ':
        out += '\\';
        out += c;
        break;
      case '\n':
        out += "\\\\n";
        break;
      case '\t':
        out += "\\\\t";
        break;
      case '\r':
        out += "\\\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string fields(const analysis::GroupStats& g) {
  std::string out;
  for (const StatField& f : stat_fields(g)) {
    if (!f.value || !std::isfinite(*f.value)) continue;
    if (!out.empty()) out += ',';
    if (f.integer)
      out += fmt::format("{}={}i", f.name, int64_t(*f.value));
    else
      out += fmt::format("{}={}", f.name, *f.value);
  }
  return out;
}

}  // namespace

void write_influx(std::ostream& out, const std::vector<ExportRun>& runs) {
  for (const ExportRun& r : runs)
    for (const analysis::GroupStats& g : r.groups) {
      std::string line = "fcbench";
      for (const auto& [k, v] : export_labels(r.run, g))
        line += fmt::format(",{}={}", influx_escape(k), influx_escape(v));
      line += fmt::format(" {} {}\n", fields(g), r.run.started_ns);
      out << line;
    }
}

}  // namespace fcbench::history
