// not_started records, serialized cheaply: after an interrupt a run may
// write a million of them, of as many benchmarks. Records that differ only
// in benchmark, id, params, repetition and scheduled_ns share one template
// line, so each costs a few string appends instead of building and dumping
// a JSON tree.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "results/record.hpp"

namespace fcbench::results {

class NotStartedLine {
 public:
  // The template of records like `like` (its benchmark, id, params,
  // repetition and scheduled_ns are ignored; its param types are kept).
  explicit NotStartedLine(Record like);
  // Exactly to_json(r).dump() for `like` with these fields set.
  std::string fill(std::string_view benchmark, std::string_view id,
                   const std::map<std::string, std::string>& params, uint32_t repetition,
                   int64_t scheduled_ns) const;

 private:
  std::vector<std::string> pieces_;  // the text around the five fields
  std::map<std::string, fcb_param_type> param_types_;
};

// `count` not_started records of one benchmark with one reason: how a run
// keeps them in memory, with only what the summary reads, since a suite may
// have a million benchmarks.
struct Tally {
  std::string benchmark, plugin, vmm, accel, error;
  Status status = Status::not_started;
  size_t count = 0;
};
Tally tally_of(const Record& like, size_t count = 0);

}  // namespace fcbench::results
