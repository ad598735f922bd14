// The HTML report: one self-contained page (inline CSS and SVG, no script,
// nothing fetched), its figures drawn by gnuplot and also written as
// standalone SVG files. Without gnuplot the page still has every table, and
// says in place of each figure what to install.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "report/chart_support.hpp"
#include "report/charts.hpp"
#include "report/formats.hpp"
#include "report/gnuplot.hpp"
#include "report/html_parts.hpp"
#include "report/svg_inline.hpp"
#include "util/fs.hpp"

namespace fcbench::report {

namespace {

struct Drawn {
  std::vector<std::string> svg;      // inline-ready, "" when not drawn
  std::vector<std::string> problem;  // why not drawn
};

// Runs gnuplot for every chart; writes figures_dir/<name>.svg for each one
// drawn. Problems also go to stderr as warnings.
Drawn draw(const std::vector<Chart>& charts, const std::filesystem::path& figures_dir) {
  Drawn d{std::vector<std::string>(charts.size()), std::vector<std::string>(charts.size())};
  std::filesystem::create_directories(figures_dir);
  if (charts.empty()) return d;
  auto program = gnuplot::find();
  if (!program) {
    std::fill(d.problem.begin(), d.problem.end(), gnuplot::kMissingHint);
    fmt::print(stderr, "warning: {}; the report has its tables but no figures\n",
               gnuplot::kMissingHint);
    return d;
  }
  std::vector<std::string> scripts;
  for (auto& c : charts) scripts.push_back(gnuplot::svg_terminal(c.width, c.height) + c.script);
  unsigned jobs = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  auto outs = gnuplot::run_all(*program, scripts, jobs);
  for (size_t i = 0; i < charts.size(); ++i) {
    try {
      if (!outs[i].ok) throw std::runtime_error(outs[i].error);
      d.svg[i] = inline_svg(outs[i].svg, fmt::format("f{}-", i), charts[i].title);
      write_file(figures_dir / (charts[i].name + ".svg"),
                 set_svg_title(outs[i].svg, charts[i].title));
    } catch (const std::runtime_error& e) {
      d.svg[i].clear();
      d.problem[i] = e.what();
      fmt::print(stderr, "warning: figure {} not drawn: {}\n", charts[i].name, e.what());
    }
  }
  return d;
}

std::string header(const ReportData& r) {
  const auto& d = r.data;
  std::string dirs;
  for (auto& p : d.dirs)
    dirs += (dirs.empty() ? "" : ", ") + ("<code>" + html::escape(p.string()) + "</code>");
  std::string out = "<h1>fcbench report</h1>\n<p>" + dirs + "</p>\n";
  if (chart::any_tcg(r))
    out += "<p class=\"banner\"><span class=\"tcg\">" + html::escape(accel_label("tcg")) +
           "</span>: some or all of these numbers come from guests under QEMU TCG, a CPU "
           "emulator. They measure fcbench and the emulator, not hardware virtualisation; "
           "every figure and table that holds them says so.</p>\n";
  return out;
}

std::string contents(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out = "<nav><ul>\n";
  for (auto& [id, title] : entries)
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", html::escape(id), html::escape(title));
  return out + "</ul></nav>\n";
}

}  // namespace

std::string to_html(const ReportData& r, const std::filesystem::path& figures_dir) {
  auto charts = all_charts(r);
  Drawn drawn = draw(charts, figures_dir);
  std::string rep = html::repetitions_section(r), outl = html::outliers_section(r);
  std::vector<std::pair<std::string, std::string>> toc = {{"environment", "Environment"},
                                                          {"records", "Records"}};
  if (!rep.empty()) toc.push_back({"repetitions", "Adaptive repetitions"});
  toc.push_back({"summary", "Summary statistics"});
  if (!outl.empty()) toc.push_back({"outliers", "Outliers"});
  for (auto& c : charts) toc.push_back({"fig-" + c.name, c.title});

  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>fcbench report</title>\n<style>" +
      std::string(html::kCss) + "</style>\n</head>\n<body>\n";
  out += header(r) + contents(toc);
  out += html::environment_section(r) + html::records_section(r) + rep;
  out += html::summary_section(r) + outl;
  if (!charts.empty()) out += "<h2 id=\"figures\">Figures</h2>\n";
  for (size_t i = 0; i < charts.size(); ++i)
    out += html::figure(charts[i], drawn.svg[i], drawn.problem[i]);
  out += fmt::format("<p class=\"note\">Written by fcbench {}.</p>\n</body>\n</html>\n",
                     FCBENCH_VERSION);
  return out;
}

}  // namespace fcbench::report
