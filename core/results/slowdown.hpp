// Slowdown: each instance's payload time over its baseline median, and the
// per-plugin distribution of those ratios.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/baseline.hpp"
#include "results/record.hpp"

namespace fcbench::results {

struct InstanceSlowdown {
  std::string id;
  BaselineKey key;
  std::map<std::string, fcb_param_type> param_types;  // the record's, for JSON
  int64_t payload_ns = 0, baseline_ns = 0;
  double slowdown = 0;  // payload_ns / baseline_ns
};

struct PluginSlowdown {
  std::string plugin;
  size_t n = 0;
  double mean = 0, median = 0, p95 = 0, max = 0;
};

struct SlowdownReport {
  std::vector<InstanceSlowdown> instances;  // record order
  std::vector<PluginSlowdown> by_plugin;    // sorted by plugin name
  size_t no_baseline = 0;                   // ok records whose key has no usable baseline
  size_t not_ok = 0;                        // not ok, or ok without a guest payload time
  std::vector<std::string> missing_keys;    // to_string(key), first-seen order, distinct
};

// Ratios for ok records with guest_payload_ns > 0 whose key has a baseline
// entry with at least one ok run. p95 is stats' percentile() (linear).
SlowdownReport slowdown(const std::vector<Record>& recs, const Baseline& b);

// slowdown(), one record at a time; `b` must outlive it.
class SlowdownBuilder {
 public:
  explicit SlowdownBuilder(const Baseline& b) : b_(b) {}
  void add(const Record& r);
  SlowdownReport take();

 private:
  const Baseline& b_;
  SlowdownReport out_;
  std::map<std::string, std::vector<double>> ratios_;  // by plugin
};

// {"instances": [{id, plugin, params, payload_ns, baseline_ns, slowdown}],
//  "by_plugin": {name: {n, mean, median, p95, max}},
//  "no_baseline", "not_ok", "missing_keys"}
nlohmann::json to_json(const SlowdownReport& r);

// A terminal table (plugin, n, mean, median, p95, max as "1.23×"), then a
// line each for records without a baseline and records not measured.
std::string format_slowdown(const SlowdownReport& r);

}  // namespace fcbench::results
