// A results directory loaded for analysis: compact, one pass over
// results.jsonl (simdjson On-Demand), so a million records fit in memory.
// Only ok records enter the series; every other status is counted with its
// error. Lifecycle: load() once, then read-only.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/monitor.hpp"
#include "results/baseline.hpp"
#include "results/record.hpp"

namespace fcbench::analysis {

// What one statistic is over. params is the canonical JSON text of the
// record's params (keys sorted, e.g. {"n":1000}); "{}" without params.
struct GroupKey {
  std::string benchmark, plugin, params, vmm, accel, metric;
  auto operator<=>(const GroupKey&) const = default;
};

// One group's ok values, in record order, with the instance each came from.
// Plugin metrics keep their name; the durations are vm.end_to_end,
// vm.time_to_payload and vm.payload (ms, lower is better).
struct Series {
  GroupKey key;
  std::string unit;
  bool higher_is_better = false;
  std::vector<double> values;
  std::vector<uint32_t> instances;  // index into Dataset::instances
};

constexpr int64_t kNoTime = 0;  // a timestamp that was not seen

// One record's timeline, host monotonic ns (kNoTime when unknown).
struct Instance {
  uint64_t id_at = 0;  // the id: Dataset::id_text[id_at, id_at + id_len)
  uint32_t id_len = 0;
  uint32_t benchmark = 0, plugin = 0;  // index into Dataset::names
  results::Status status = results::Status::failed;
  int64_t arrival_ns = kNoTime;                        // scheduled_ns: when the workload wanted it
  int64_t launched_ns = kNoTime;                       // timestamps_ns.launched
  int64_t exited_ns = kNoTime;                         // timestamps_ns.exited
  double end_to_end_ms = -1, time_to_payload_ms = -1;  // -1: not measured
  int64_t guest_payload_ns = 0;                        // 0: not measured
  uint32_t params = 0, vmm = 0, accel = 0, error = 0;  // index into Dataset::names
};

// Records that did not end ok, grouped by status and error text.
struct FailureGroup {
  results::Status status = results::Status::failed;
  std::string error;
  size_t count = 0;
  std::vector<std::string> ids;  // the first few
};

struct Dataset {
  std::vector<std::filesystem::path> dirs;  // as given, in order
  nlohmann::json env;                       // the first dir's env.json; null if none
  std::vector<nlohmann::json> envs;         // each dir's env.json (null if none)
  nlohmann::json summary;                   // the first dir's summary.json; null if none
  std::vector<std::string> names;           // interned benchmark/plugin/params strings
  std::vector<Instance> instances;          // every record, in file order
  std::string id_text;                      // every record's id, back to back
  std::vector<Series> series;               // first-seen config order; plugin metrics, then vm.*
  std::map<results::Status, size_t> by_status;
  std::vector<FailureGroup> failures;  // most frequent first
  std::vector<host::HostSample> host;  // host.jsonl of every dir, in order
  std::optional<results::Baseline> baseline;
  std::vector<std::string> warnings;  // e.g. a torn last line, skipped
  size_t records() const { return instances.size(); }
  const std::string& name(uint32_t i) const { return names[i]; }
  std::string_view id(const Instance& i) const {
    return std::string_view(id_text).substr(i.id_at, i.id_len);
  }
  void set_id(Instance& i, std::string_view id) {
    i.id_at = id_text.size(), i.id_len = uint32_t(id.size());
    id_text += id;
  }
};

// Loads results directories (results.jsonl required; host.jsonl, env.json,
// summary.json and baseline.json when present). Throws UserError (exit 2)
// for a missing directory or results.jsonl, an empty one, or a malformed
// line ("FILE:LINE:COL: ..."); a torn last line is skipped with a warning
// naming it.
Dataset load(const std::vector<std::filesystem::path>& dirs);

}  // namespace fcbench::analysis
