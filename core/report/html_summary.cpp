// The summary statistics table (one row per group) and the outlier list.
// Numbers are shown to 4 significant digits; data-value holds each exactly,
// as the JSON format writes it, so a test can compare them.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/chart_support.hpp"
#include "report/html_parts.hpp"

namespace fcbench::report::html {

namespace {

using analysis::GroupStats;
using nlohmann::json;

constexpr size_t kOutlierIds = 50;  // listed per group; the JSON has all

std::string attrs(size_t group, std::string_view stat, const json& value) {
  return fmt::format(" data-group=\"{}\" data-stat=\"{}\" data-value=\"{}\"", group, stat,
                     escape(value.dump()));
}

std::string text_cell(size_t group, std::string_view stat, const json& value,
                      const std::string& shown) {
  return fmt::format("<td{}>{}</td>", attrs(group, stat, value), shown);
}

std::string num_cell(size_t group, std::string_view stat, double v) {
  return fmt::format("<td class=\"num\"{}>{}</td>", attrs(group, stat, json(v)),
                     escape(chart::display(v)));
}

std::string ci_cell(size_t group, std::string_view stat,
                    const std::optional<analysis::Interval>& ci) {
  if (!ci)
    return fmt::format("<td class=\"noci\"{}>n &lt; 2: no CI</td>", attrs(group, stat, json()));
  return fmt::format("<td class=\"num\"{}>[{}, {}]</td>",
                     attrs(group, stat, json::array({ci->lo, ci->hi})),
                     escape(chart::display(ci->lo)), escape(chart::display(ci->hi)));
}

std::string row(size_t i, const GroupStats& g) {
  const auto& k = g.key;
  json params = json::parse(k.params, nullptr, false);
  if (params.is_discarded()) params = k.params;
  std::string accel = escape(k.accel);
  if (*accel_label(k.accel))
    accel += " <span class=\"tcg\">" + escape(accel_label(k.accel)) + "</span>";
  std::string out = fmt::format("<tr data-group=\"{}\"><td class=\"num\">{}</td>", i, i);
  out += text_cell(i, "benchmark", k.benchmark, escape(k.benchmark));
  out += text_cell(i, "params", params, escape(chart::params_text(k.params)));
  out += text_cell(i, "vmm", k.vmm, escape(k.vmm));
  out += text_cell(i, "accel", k.accel, accel);
  out += text_cell(i, "metric", k.metric, escape(k.metric));
  out += text_cell(i, "unit", g.unit, escape(g.unit));
  out += text_cell(i, "better", g.higher_is_better ? "higher" : "lower",
                   g.higher_is_better ? "higher" : "lower");
  out += fmt::format("<td class=\"num\"{}>{}</td>", attrs(i, "n", json(g.n)), g.n);
  out += num_cell(i, "mean", g.mean) + num_cell(i, "sd", g.sd);
  out += fmt::format("<td class=\"num\" data-scale=\"100\"{}>{} %</td>", attrs(i, "cv", json(g.cv)),
                     escape(chart::display(g.cv * 100)));
  out += num_cell(i, "median", g.median) + num_cell(i, "min", g.min) + num_cell(i, "max", g.max);
  out += ci_cell(i, "ci95_mean", g.ci95_mean) + ci_cell(i, "ci95_median", g.ci95_median);
  for (auto [name, v] :
       {std::pair{"p5", g.p5}, {"p25", g.p25}, {"p75", g.p75}, {"p95", g.p95}, {"p99", g.p99}})
    out += num_cell(i, name, v);
  out += fmt::format("<td class=\"num\"{}>{}</td>", attrs(i, "outliers", json(g.outliers.size())),
                     g.outliers.size());
  return out + "</tr>\n";
}

}  // namespace

std::string summary_section(const ReportData& r) {
  std::string out = "<h2 id=\"summary\">Summary statistics</h2>\n";
  if (r.groups.empty()) return out + "<p>No group has an ok value.</p>\n";
  out +=
      "<p class=\"note\">One row per group (benchmark, params, VMM, accelerator, metric), over "
      "ok records only. CI95: 95 % confidence interval of the mean (Student t) and of the "
      "median. CV: sd / mean. Outliers: modified z-score above 3.5 (listed below).</p>\n";
  std::string caption = "Summary statistics";
  if (chart::any_tcg(r)) caption += chart::tcg_suffix(true) + " rows are marked";
  out += "<div class=\"scroll\"><table id=\"summary-table\"><caption>" + escape(caption) +
         "</caption>\n<thead><tr>";
  for (const char* h :
       {"#",           "benchmark", "params", "vmm", "accel",  "metric", "unit",    "better",
        "n",           "mean",      "sd",     "CV",  "median", "min",    "max",     "CI95 mean",
        "CI95 median", "p5",        "p25",    "p75", "p95",    "p99",    "outliers"})
    out += fmt::format("<th>{}</th>", h);
  out += "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < r.groups.size(); ++i) out += row(i, r.groups[i]);
  return out + "</tbody></table></div>\n";
}

std::string outliers_section(const ReportData& r) {
  std::string items;
  for (size_t i = 0; i < r.groups.size(); ++i) {
    auto& g = r.groups[i];
    if (g.outliers.empty()) continue;
    std::string ids;
    for (size_t k = 0; k < std::min(kOutlierIds, g.outliers.size()); ++k)
      ids += (k ? ", " : "") + ("<code>" + escape(g.outliers[k]) + "</code>");
    if (g.outliers.size() > kOutlierIds)
      ids += fmt::format(" and {} more (all in the JSON report)", g.outliers.size() - kOutlierIds);
    items += fmt::format("<li>#{} {} {} {}{}: {}</li>\n", i, escape(g.key.benchmark),
                         escape(chart::params_text(g.key.params)), escape(g.key.metric),
                         g.key.accel == "tcg" ? escape(chart::tcg_suffix(true)) : "", ids);
  }
  if (items.empty()) return "";
  return "<h2 id=\"outliers\">Outliers</h2>\n<p class=\"note\">Instances whose value has a "
         "modified z-score above 3.5 within their group.</p>\n<ul>\n" +
         items + "</ul>\n";
}

}  // namespace fcbench::report::html
