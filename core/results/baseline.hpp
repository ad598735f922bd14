// Baselines: the median payload time of each (plugin, params) run alone,
// which concurrent runs are compared against (see slowdown.hpp).
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/record.hpp"

namespace fcbench::results {

struct BaselineKey {
  std::string plugin;
  std::map<std::string, std::string> params;  // canonical text, as in Record
  auto operator<=>(const BaselineKey&) const = default;
};

BaselineKey key_of(const Record& r);
// "prime{method=trial,n=1000}" (params sorted by name); "prime{}" without params.
std::string to_string(const BaselineKey& k);

struct BaselineEntry {
  BaselineKey key;
  std::map<std::string, fcb_param_type> param_types;  // for typed JSON params
  std::vector<int64_t> payload_ns;                    // ok runs, in record order
  size_t n_failed = 0;
  int64_t median_ns = 0;  // 0 when no run was ok
  // End-to-end (launch to exit) of the same ok runs; empty in baseline files
  // written before it was recorded.
  std::vector<int64_t> end_to_end_ns;
  int64_t end_to_end_median_ns = 0;  // 0 when unknown
};

struct Baseline {
  std::string vmm, accel;
  uint32_t repetitions = 0;
  std::string created_at;  // UTC, ISO 8601
  std::map<BaselineKey, BaselineEntry> entries;
};

// From a baseline run's records: status "ok" with guest_payload_ns > 0
// counts as a run; every other record counts in its entry's n_failed. vmm and
// accel come from the first record; created_at is now.
Baseline make_baseline(const std::vector<Record>& recs, uint32_t repetitions);

// make_baseline(), one record at a time.
class BaselineBuilder {
 public:
  explicit BaselineBuilder(uint32_t repetitions);
  void add(const Record& r);
  Baseline take();  // medians computed

 private:
  Baseline b_;
  bool first_ = true;
};

// {"format": "fcbench-baseline-1", vmm, accel, repetitions, created_at,
//  entries: [{plugin, params, n_ok, n_failed, payload_ns, median_ns,
//             end_to_end_ns, end_to_end_median_ns}]}
nlohmann::json to_json(const Baseline& b);

// `file` is baseline.json or a directory holding it. Throws UserError (exit
// code 2) for a missing file, invalid JSON ("FILE:LINE:COL: invalid JSON: ...")
// or a document that is not a baseline ("FILE: not a fcbench baseline (...)").
// Medians are recomputed from payload_ns.
Baseline load_baseline(const std::filesystem::path& file);

}  // namespace fcbench::results
