// What `fcbench merge` writes: OUT/results.jsonl (one record per workload
// instance, in workload order), OUT/workload.jsonl, OUT/env.json and
// OUT/env/<env_id>.json, OUT/hosts/<host>.jsonl and OUT/summary.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "merge/inputs.hpp"
#include "merge/merge.hpp"
#include "results/record.hpp"
#include "run/plan.hpp"

namespace fcbench::merge {

struct Merged {
  std::vector<results::Record> records;   // one per workload instance, in order
  std::map<std::string, size_t> missing;  // why → how many had no record
  size_t unaligned = 0;                   // records left on their own host's clock
  std::vector<std::string> warnings;
};

// Throws UserError (exit 2) if OUT already holds results.
void refuse_existing_output(const std::filesystem::path& out);

// Writes OUT and prints what was merged.
void write_merged(const MergeOptions& opt, const std::vector<Input>& in, const run::Plan& plan,
                  uint32_t shards, const Merged& m);

}  // namespace fcbench::merge
