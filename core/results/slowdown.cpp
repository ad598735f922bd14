// Slowdown against a baseline: ratios, per-plugin statistics, JSON and table.
#include "results/slowdown.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "results/stats.hpp"

namespace fcbench::results {

void SlowdownBuilder::add(const Record& r) {
  if (r.status != Status::ok || r.guest_payload_ns <= 0) {
    ++out_.not_ok;
    return;
  }
  BaselineKey key = key_of(r);
  auto it = b_.entries.find(key);
  if (it == b_.entries.end() || it->second.payload_ns.empty() || it->second.median_ns <= 0) {
    ++out_.no_baseline;
    std::string name = to_string(key);
    auto& missing = out_.missing_keys;
    if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
    return;
  }
  InstanceSlowdown s{r.id, key, r.param_types, r.guest_payload_ns, it->second.median_ns, 0};
  s.slowdown = double(s.payload_ns) / double(s.baseline_ns);
  ratios_[r.plugin].push_back(s.slowdown);
  out_.instances.push_back(std::move(s));
}

SlowdownReport SlowdownBuilder::take() {
  for (auto& [plugin, v] : ratios_) {
    Stats st = describe(v);
    out_.by_plugin.push_back({plugin, st.n, st.mean, st.median, percentile(v, 95), st.max});
  }
  ratios_.clear();
  return std::move(out_);
}

SlowdownReport slowdown(const std::vector<Record>& recs, const Baseline& b) {
  SlowdownBuilder s(b);
  for (const auto& r : recs) s.add(r);
  return s.take();
}

nlohmann::json to_json(const SlowdownReport& r) {
  nlohmann::json instances = nlohmann::json::array();
  for (auto& s : r.instances)
    instances.push_back({{"id", s.id},
                         {"plugin", s.key.plugin},
                         {"params", typed_params(s.key.params, s.param_types)},
                         {"payload_ns", s.payload_ns},
                         {"baseline_ns", s.baseline_ns},
                         {"slowdown", s.slowdown}});
  nlohmann::json by_plugin = nlohmann::json::object();
  for (auto& p : r.by_plugin)
    by_plugin[p.plugin] = {
        {"n", p.n}, {"mean", p.mean}, {"median", p.median}, {"p95", p.p95}, {"max", p.max}};
  return {{"instances", instances},
          {"by_plugin", by_plugin},
          {"no_baseline", r.no_baseline},
          {"not_ok", r.not_ok},
          {"missing_keys", r.missing_keys}};
}

std::string format_slowdown(const SlowdownReport& r) {
  size_t w = 6;  // "plugin"
  for (auto& p : r.by_plugin) w = std::max(w, p.plugin.size());
  // "×" is two bytes in UTF-8 but one column, so pad the numbers, then append it.
  auto x = [](double v) { return fmt::format("{:>7.2f}×", v); };
  std::string out = fmt::format("{:<{}}  {:>5}  {:>8}  {:>8}  {:>8}  {:>8}\n", "plugin", w, "n",
                                "mean", "median", "p95", "max");
  for (auto& p : r.by_plugin)
    out += fmt::format("{:<{}}  {:>5}  {}  {}  {}  {}\n", p.plugin, w, p.n, x(p.mean), x(p.median),
                       x(p.p95), x(p.max));
  if (r.no_baseline) {
    out += fmt::format("{} instance(s) had no baseline:", r.no_baseline);
    for (auto& k : r.missing_keys) out += " " + k;
    out += "\n";
  }
  if (r.not_ok) out += fmt::format("{} instance(s) not ok or without a payload time\n", r.not_ok);
  return out;
}

}  // namespace fcbench::results
