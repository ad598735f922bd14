#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "analysis/dataset.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "report/formats.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::cli {

namespace fs = std::filesystem;

namespace {

const char* extension(const std::string& format) {
  return format == "md" ? "md" : format.c_str();
}

// Writes `text` to `out` ("-": stdout) atomically.
void emit(const fs::path& out, const std::string& text) {
  if (out == "-") {
    std::cout << text;
    return;
  }
  write_file_atomic(out, text);
}

void emit_csv(const report::ReportData& r, const fs::path& out) {
  if (out == "-") return report::write_csv(r, std::cout);
  fs::path tmp = out;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) throw UserError("cannot write " + tmp.string());
    report::write_csv(r, f);
    if (!f.flush()) throw UserError("cannot write " + tmp.string());
  }
  fs::rename(tmp, out);
}

}  // namespace

int cmd_report(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench report DIR... [options]\n"
      "Statistics, charts and tables of one or more results directories");
  std::vector<std::string> dirs;
  std::string output, format = "html";
  add_common(o, nullptr);
  o.add_options()("output,o", po::value(&output),
                  "output file, - for stdout (default DIR/report.<format>; html figures go to "
                  "figures/ beside it)")("format,f", po::value(&format)->default_value("html"),
                                         "html | md | csv | json");
  if (!parse_args(args, o, &dirs, -1)) return 0;
  if (dirs.empty()) {
    std::cerr << "fcbench report: missing DIR\n" << o;
    return 2;
  }
  if (format != "html" && format != "md" && format != "csv" && format != "json")
    throw UserError(fmt::format("--format {}: expected html, md, csv or json", format), 2);
  const analysis::Dataset data = analysis::load({dirs.begin(), dirs.end()});
  for (const auto& w : data.warnings) fmt::print(stderr, "fcbench report: warning: {}\n", w);
  const report::ReportData r = report::build(data);
  const fs::path out = output.empty()
                           ? fs::path(dirs.front()) / fmt::format("report.{}", extension(format))
                           : fs::path(output);
  if (format == "json") emit(out, report::to_json(r).dump(2) + "\n");
  if (format == "md") emit(out, report::to_markdown(r));
  if (format == "csv") emit_csv(r, out);
  if (format == "html") {
    if (out == "-")
      throw UserError("--format html needs a file (-o FILE): figures go beside it", 2);
    emit(out, report::to_html(r, out.parent_path() / "figures"));
  }
  if (out != "-") fmt::print(stderr, "report: {}\n", out.string());
  return 0;
}

}  // namespace fcbench::cli
