#include "history/view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace fcbench::history {

namespace {

using Row = std::vector<std::string>;

// Left-aligned columns two spaces apart; the last column is not padded.
std::string table(const std::vector<Row>& rows) {
  std::vector<size_t> width;
  for (const Row& r : rows)
    for (size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::string out;
  for (const Row& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i)
      line += i + 1 == r.size() ? r[i] : fmt::format("{:<{}}  ", r[i], width[i]);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

std::string ci(const std::optional<analysis::Interval>& i) {
  return i ? fmt::format("[{}, {}]", format_value(i->lo), format_value(i->hi)) : "-";
}

}  // namespace

std::string format_value(double v) {
  if (v == 0) return "0";
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (std::fabs(v) >= 1e9 || std::fabs(v) < 1e-4) return fmt::format("{:.6g}", v);
  const int decimals = std::max(0, 5 - int(std::floor(std::log10(std::fabs(v)))));
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string vmm_accel(const std::string& vmm, const std::string& accel) {
  return vmm + "/" + accel + (accel == "tcg" ? " emulated (TCG)" : "");
}

std::string format_list(const std::vector<RunEntry>& runs) {
  std::vector<Row> rows = {{"ID", "STARTED", "SUITE", "VMM/ACCEL", "RECORDS", "DIR"}};
  for (const RunEntry& r : runs)
    rows.push_back({std::to_string(r.id), r.info.started_at, r.info.suite,
                    r.info.vmm + "/" + r.info.accel, std::to_string(r.info.records),
                    r.info.dir.string() + (r.dir_exists ? "" : "  (missing)")});
  return table(rows);
}

std::string format_show(const RunEntry& r, const std::vector<analysis::GroupStats>& groups) {
  const auto& i = r.info;
  std::vector<Row> facts = {
      {"run", std::to_string(r.id)},
      {"directory", i.dir.string() + (r.dir_exists ? "" : "  (missing: moved or deleted)")},
      {"suite", i.suite},
      {"started", i.started_at},
      {"source", i.source},
      {"vmm/accel", vmm_accel(i.vmm, i.accel)},
      {"records", std::to_string(i.records)},
      {"env_id", i.env_id.empty() ? "-" : i.env_id},
      {"git commit", i.git_commit.empty() ? "-" : i.git_commit},
      {"registered", r.registered_at},
      {"groups", std::to_string(groups.size())}};
  std::vector<Row> rows = {{"BENCHMARK", "METRIC", "VMM/ACCEL", "N", "MEAN", "MEDIAN", "CV", "P95",
                            "CI95 MEAN", "CI95 MEDIAN", "UNIT"}};
  bool tcg = false;
  for (const auto& g : groups) {
    tcg = tcg || g.key.accel == "tcg";
    rows.push_back({g.key.benchmark, g.key.metric, g.key.vmm + "/" + g.key.accel,
                    std::to_string(g.n), format_value(g.mean), format_value(g.median),
                    std::isfinite(g.cv) ? fmt::format("{:.1f}%", 100 * g.cv) : "-",
                    format_value(g.p95), ci(g.ci95_mean), ci(g.ci95_median), g.unit});
  }
  return table(facts) + "\n" + table(rows) +
         (tcg ? "tcg: emulated (TCG); these numbers do not stand for a KVM host\n" : "");
}

}  // namespace fcbench::history
