// `fcbench merge DIR... -o OUT`: the shards of one workload (or any results
// directories of it) become one results directory, with exactly one record
// per workload instance on one time axis (the wall clock, via each run's
// start_wall_ns). OUT works with report, compare and a baseline like any
// run's directory.
#pragma once

#include <filesystem>
#include <vector>

#include "plugin/registry.hpp"

namespace fcbench::merge {

struct MergeOptions {
  std::vector<std::filesystem::path> dirs;
  std::filesystem::path out;
  std::filesystem::path baseline;  // baseline.json: slowdown in summary.json (default: the runs')
};

// Returns 0 once OUT is written. Throws UserError (exit 2) for inputs that do
// not belong together (different workloads or shard counts), two final
// records of one instance, or an OUT that already holds results.
int merge_dirs(const MergeOptions& opt, const plugin::Registry& plugins);

}  // namespace fcbench::merge
