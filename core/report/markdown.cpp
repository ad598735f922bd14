// The Markdown format, for pull-request comments: summary tables only.
#include <fmt/format.h>

#include "report/formats.hpp"
#include "report/numbers.hpp"

namespace fcbench::report {

namespace {

// Markdown table cells must not break the row.
std::string cell(std::string s) {
  for (char& c : s)
    if (c == '|' || c == '\n') c = ' ';
  return s;
}

std::string env_line(const analysis::Dataset& d) {
  const auto& h =
      d.env.is_object() ? d.env.value("host", nlohmann::json::object()) : nlohmann::json::object();
  auto str = [&](const char* k) { return h.value(k, nlohmann::json("?")).dump(); };
  return fmt::format("host: {} · kernel {} · {} CPU threads\n", cell(str("cpu_model")),
                     cell(str("host_kernel")), cell(str("cpu_threads")));
}

std::string records_md(const analysis::Dataset& d) {
  std::string out = fmt::format("records: {}", d.records());
  for (auto& [s, n] : d.by_status) out += fmt::format(" · {} {}", results::to_string(s), n);
  out += "\n";
  for (const auto& f : d.failures)
    out += fmt::format("- {} × {}: {}\n", f.count, results::to_string(f.status), cell(f.error));
  return out;
}

std::string groups_md(const ReportData& r) {
  std::string out =
      "| benchmark | params | vmm | accel | metric | n | mean | CV | median | CI95 mean | CI95 "
      "median | p95 | outliers |\n|---|---|---|---|---|--:|--:|--:|--:|---|---|--:|--:|\n";
  for (const auto& g : r.groups) {
    std::string accel = g.key.accel + (g.key.accel == "tcg" ? " (emulated)" : "");
    out += fmt::format("| {} | {} | {} | {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                       cell(g.key.benchmark), cell(params_text(g.key.params)), cell(g.key.vmm),
                       cell(accel), cell(g.key.metric), cell(g.unit), g.n, num(g.mean),
                       percent(g.cv), num(g.median), ci_text(g.ci95_mean), ci_text(g.ci95_median),
                       num(g.p95), g.outliers.size());
  }
  return out;
}

}  // namespace

std::string to_markdown(const ReportData& r) {
  const analysis::Dataset& d = r.data;
  std::string out = "## fcbench report\n\n" + env_line(d) + "\n" + records_md(d) + "\n";
  bool tcg = false;
  for (const auto& g : r.groups) tcg = tcg || g.key.accel == "tcg";
  if (tcg) out += "> **emulated (TCG)**: rows with accel tcg ran under software emulation.\n\n";
  out += groups_md(r);
  if (r.concurrency)
    out += fmt::format("\nconcurrency: peak {} at {} s · mean in flight {}\n", r.concurrency->peak,
                       num(r.concurrency->peak_at_s), num(r.concurrency->mean_in_flight));
  if (r.slowdown) {
    out += "\n| plugin | n | slowdown mean | median | p95 |\n|---|--:|--:|--:|--:|\n";
    for (const auto& p : r.slowdown->by_plugin)
      out += fmt::format("| {} | {} | {}× | {}× | {}× |\n", cell(p.plugin), p.n, num(p.mean),
                         num(p.median), num(p.p95));
  }
  for (const auto& w : d.warnings) out += fmt::format("\n> warning: {}\n", cell(w));
  return out;
}

}  // namespace fcbench::report
