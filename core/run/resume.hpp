// Resuming a run (`fcbench run --resume DIR`): which records are final,
// which instances are left, and the plan that runs them the way the run
// started (its run.json), with nothing already final run twice.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "results/record.hpp"
#include "run/options.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

// ok, failed and timeout are final; interrupted and not_started run again.
bool is_final(results::Status status);

// A failed record that QEMU's "Failed to get "write" lock" explains: the
// instance's write disk is its own, so only a process of an earlier, dead
// attempt of this run can have held it. Such a record is not final.
bool lost_to_dead_run(const results::Record& r);

// Rewrites `results` to hold only the last final record of each id (not
// lost_to_dead_run), moves
// every other line to `superseded` (appended, nothing is lost) and returns
// the final records.
std::vector<results::Record> split_final_records(const std::filesystem::path& results,
                                                 const std::filesystem::path& superseded);

// The instances of `all` whose id is not in `finished`, in order, shifted
// so the first starts at once and the open-loop spacing is kept.
std::vector<Instance> remaining_instances(std::vector<Instance> all,
                                          const std::set<std::string>& finished);

// The suite a run came from, refused if it changed since (sha256).
config::Suite load_suite_for_resume(const Source& src, const plugin::Registry& plugins);

struct Resumption {
  RunOptions options;                 // the run's own, plus the resume command's flags
  Plan plan;                          // only what is left
  std::vector<results::Record> kept;  // the final records already in DIR
};
// Reads DIR's run.json and results; nullopt when every instance already
// has a final record. Throws UserError (2) for a run that cannot resume.
std::optional<Resumption> plan_resume(const std::filesystem::path& dir,
                                      const plugin::Registry& plugins, const RunOptions& cli);

}  // namespace fcbench::run
