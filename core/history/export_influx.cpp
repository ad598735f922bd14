#include <fmt/format.h>

#include <cmath>

#include "history/export.hpp"
#include "history/stat_fields.hpp"

namespace fcbench::history {

std::string influx_escape(std::string_view s) {
  // Newlines, tabs and carriage returns first: line protocol cannot carry them.
  std::string text;
  for (char c : s) {
    if (c == '\n')
      text += "\\n";
    else if (c == '\t')
      text += "\\t";
    else if (c == '\r')
      text += "\\r";
    else
      text += c;
  }
  auto special = [](char c) { return c == ',' || c == '=' || c == ' ' || c == '\\'; };
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\')  // doubled only where a lone one would escape what follows, or the delimiter
      out += i + 1 == text.size() || special(text[i + 1]) ? "\\\\" : "\\";
    else if (special(c))
      out += std::string("\\") + c;
    else
      out += c;
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
