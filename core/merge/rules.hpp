// The rules of a merge, apart from the files (pure): which record stands
// for each workload instance, and one time axis for all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/record.hpp"

namespace fcbench::merge {

// A record found in some input, and where: "DIR/results.jsonl:LINE".
struct Candidate {
  std::string id;
  results::Status status = results::Status::failed;
  std::string where;
};

// For each id of the workload, in order: the index of its one final record
// (ok, failed, timeout), else of its last other record (interrupted,
// not_started), else nullopt. Throws UserError (exit 2) for two final
// records of one id, naming both places, and for a record whose id is not in
// the workload.
std::vector<std::optional<size_t>> choose(const std::vector<std::string>& ids,
                                          const std::vector<Candidate>& found);

// Why the workload's i-th instance has no record: "shard K produced no
// record" (shard_count > 1), else "no directory produced a record".
std::string missing_reason(size_t i, uint32_t shard_count);

// What merge adds to each host-monotonic timestamp of `r` to put it on the
// merged axis: the wall clock, so every run's zero lands on its own
// wall-clock instant. nullopt if the record does not say where its zero is.
std::optional<int64_t> wall_shift(const results::Record& r);
// Adds `shift` to every monotonic timestamp (0 stays 0: "not seen") and
// notes it in r.time_shift_ns.
void shift_record(results::Record& r, int64_t shift);

// How far apart the runs' zeros lie on their wall clocks: max - min (0 for
// fewer than two).
int64_t start_skew_ns(const std::vector<int64_t>& zeros_wall_ns);

}  // namespace fcbench::merge
