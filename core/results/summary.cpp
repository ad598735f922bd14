#include "results/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.hpp"

namespace fcbench::results {

namespace {

std::string num(double v) {
  double a = std::abs(v);
  if (a != 0 && (a >= 1e7 || a < 1e-3)) return fmt::format("{:.3e}", v);
  return fmt::format("{:.{}f}", v, a >= 100 ? 1 : a >= 1 ? 2 : 4);
}

}  // namespace

void SummaryBuilder::Bench::add(const std::string& name, const std::string& unit, bool higher,
                                double v) {
  // A benchmark has a handful of metrics: a scan beats a map.
  auto it = std::find_if(metrics.begin(), metrics.end(),
                         [&](const Metric& m) { return m.summary.name == name; });
  if (it == metrics.end()) {
    it = metrics.emplace(metrics.end());
    it->summary = {name, unit, higher, {}};
  }
  it->values.push_back(v);
}

void SummaryBuilder::Bench::add_not_ok(Status status, const std::string& error, size_t n) {
  s.n_failed += n;
  s.by_status[to_string(status)] += n;
  if (std::find(s.errors.begin(), s.errors.end(), error) == s.errors.end() && s.errors.size() < 5)
    s.errors.push_back(error);
}

SummaryBuilder::Bench& SummaryBuilder::bench(const std::string& name, const std::string& plugin,
                                             const std::string& vmm, const std::string& accel) {
  auto [it, fresh] = by_name_.try_emplace(name, benches_.size());
  if (fresh) benches_.push_back({{name, plugin, vmm, accel, 0, 0, {}, {}, {}}, {}});
  return benches_[it->second];
}

void SummaryBuilder::add(const Record& r) {
  Bench& b = bench(r.benchmark, r.plugin, r.vmm, r.accel);
  if (r.status != Status::ok) return b.add_not_ok(r.status, r.error, 1);
  ++b.s.n_ok;
  for (const auto& m : r.metrics) b.add(m.name, m.unit, m.higher_is_better, m.value);
  if (auto v = span_ms(r.ts.launched, r.ts.payload_start))
    b.add("vm.time_to_payload", "ms", false, *v);
  if (auto v = span_ms(r.ts.launched, r.ts.exited)) b.add("vm.end_to_end", "ms", false, *v);
}

void SummaryBuilder::add(const Tally& t) {
  if (t.count) bench(t.benchmark, t.plugin, t.vmm, t.accel).add_not_ok(t.status, t.error, t.count);
}

std::vector<BenchmarkSummary> SummaryBuilder::take() {
  std::vector<BenchmarkSummary> out;
  out.reserve(benches_.size());
  for (auto& b : benches_) {
    for (auto& m : b.metrics) {
      m.summary.stats = describe(std::move(m.values));
      b.s.metrics.push_back(std::move(m.summary));
    }
    out.push_back(std::move(b.s));
  }
  benches_.clear();
  by_name_.clear();
  return out;
}

std::vector<BenchmarkSummary> summarize(const std::vector<Record>& records,
                                        const std::vector<Tally>& tallies) {
  SummaryBuilder b;
  for (const auto& r : records) b.add(r);
  for (const auto& t : tallies) b.add(t);
  return b.take();
}

nlohmann::json to_json(const BenchmarkSummary& b) {
  nlohmann::json metrics = nlohmann::json::array();
  for (auto& m : b.metrics)
    metrics.push_back({{"name", m.name},
                       {"unit", m.unit},
                       {"better", m.higher_is_better ? "higher" : "lower"},
                       {"n", m.stats.n},
                       {"mean", m.stats.mean},
                       {"stddev", m.stats.stddev},
                       {"median", m.stats.median},
                       {"min", m.stats.min},
                       {"max", m.stats.max},
                       {"rsd", m.stats.rsd},
                       {"outliers", m.stats.outliers}});
  return {{"benchmark", b.benchmark},
          {"plugin", b.plugin},
          {"vmm", b.vmm},
          {"accel", b.accel},
          {"n_ok", b.n_ok},
          {"n_failed", b.n_failed},
          {"failed_by_status", b.by_status},
          {"errors", b.errors},
          {"metrics", metrics}};
}

nlohmann::json to_json(const std::vector<BenchmarkSummary>& s) {
  nlohmann::json arr = nlohmann::json::array();
  for (auto& b : s) arr.push_back(to_json(b));
  return {{"benchmarks", arr}};
}

std::string dump_summary(nlohmann::json doc, const std::vector<BenchmarkSummary>& s) {
  const std::string mark =
      "\x01"
      "benchmarks";
  doc["benchmarks"] = mark;
  std::string text = doc.dump(2);
  const std::string quoted = nlohmann::json(mark).dump();
  const size_t at = text.find(quoted);
  std::string out = text.substr(0, at);
  if (s.empty()) {
    out += "[]";
  } else {
    out += "[\n";
    for (size_t i = 0; i < s.size(); ++i) {
      // An element of a member of the document: 4 spaces deeper.
      const std::string entry = to_json(s[i]).dump(2);
      out += "    ";
      for (char c : entry) {
        out += c;
        if (c == '\n') out += "    ";
      }
      out += i + 1 < s.size() ? ",\n" : "\n  ]";
    }
  }
  out += text.substr(at + quoted.size());
  return out;
}

std::string format_table(const std::vector<BenchmarkSummary>& s) {
  std::string out;
  for (auto& b : s) {
    out += fmt::format("\n{}  ({} on {}/{})  ok {}  failed {}\n", b.benchmark, b.plugin, b.vmm,
                       b.accel, b.n_ok, b.n_failed);
    for (auto& [status, n] : b.by_status) out += fmt::format("  {} {}\n", n, status);
    for (auto& e : b.errors)
      out += fmt::format(
          "  ! {}\n", indent_continuation(e.size() > 160 ? e.substr(0, 157) + "..." : e, "    "));
    if (b.metrics.empty()) continue;
    for (auto& m : b.metrics)
      if (m.stats.outliers)
        out += fmt::format("  note: {} outlier(s) in {} (modified z-score > 3.5)\n",
                           m.stats.outliers, m.name);
    out += fmt::format("  {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}  {}\n", "metric", "mean",
                       "± sd", "median", "min", "max", "unit");
    for (auto& m : b.metrics)
      out +=
          fmt::format("  {:<22} {:>12} {:>10} {:>12} {:>12} {:>12}  {} ({} better)\n", m.name,
                      num(m.stats.mean), num(m.stats.stddev), num(m.stats.median), num(m.stats.min),
                      num(m.stats.max), m.unit, m.higher_is_better ? "higher" : "lower");
  }
  return out;
}

}  // namespace fcbench::results
