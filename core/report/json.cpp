// The JSON format: the stable contract of docs/results-schema.md.
#include <fmt/format.h>

#include "report/formats.hpp"

namespace fcbench::report {

namespace {

nlohmann::json records_json(const analysis::Dataset& d) {
  nlohmann::json by = nlohmann::json::object();
  by["total"] = d.records();
  for (auto s : {results::Status::ok, results::Status::failed, results::Status::timeout,
                 results::Status::interrupted, results::Status::not_started}) {
    auto it = d.by_status.find(s);
    by[results::to_string(s)] = it == d.by_status.end() ? 0 : it->second;
  }
  return by;
}

nlohmann::json failures_json(const analysis::Dataset& d) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : d.failures)
    out.push_back({{"status", results::to_string(f.status)},
                   {"error", f.error},
                   {"count", f.count},
                   {"ids", f.ids}});
  return out;
}

nlohmann::json concurrency_json(const analysis::Concurrency& c) {
  return {{"peak", c.peak},   {"peak_at_s", c.peak_at_s}, {"mean_in_flight", c.mean_in_flight},
          {"bin_s", c.bin_s}, {"actual", c.actual},       {"ideal", c.ideal}};
}

nlohmann::json slowdown_json(const analysis::Slowdown& s) {
  nlohmann::json by = nlohmann::json::object();
  for (const auto& p : s.by_plugin)
    by[p.plugin] = {{"n", p.n}, {"mean", p.mean}, {"median", p.median}, {"p95", p.p95}};
  return {{"by_plugin", by}, {"no_baseline", s.no_baseline}};
}

}  // namespace

nlohmann::json to_json(const ReportData& r) {
  const analysis::Dataset& d = r.data;
  nlohmann::json dirs = nlohmann::json::array();
  for (const auto& dir : d.dirs) dirs.push_back(dir.string());
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : r.groups) groups.push_back(analysis::to_json(g));
  nlohmann::json doc = {{"format", "fcbench-report-1"},
                        {"dirs", dirs},
                        {"env", d.env},
                        {"records", records_json(d)},
                        {"failures", failures_json(d)},
                        {"groups", groups},
                        {"warnings", d.warnings}};
  doc["concurrency"] = r.concurrency ? concurrency_json(*r.concurrency) : nlohmann::json();
  doc["slowdown"] = r.slowdown ? slowdown_json(*r.slowdown) : nlohmann::json();
  if (d.summary.is_object() && d.summary.contains("repetitions"))
    doc["repetitions"] = d.summary["repetitions"];
  return doc;
}

}  // namespace fcbench::report
