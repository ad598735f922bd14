// DIR/run.json: what a run was made from and the options it ran with, so
// `fcbench run --resume DIR` can finish it.
#pragma once

#include <filesystem>
#include <vector>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "results/record.hpp"
#include "run/plan.hpp"
#include "run/runner.hpp"

namespace fcbench::run {

struct RunFile {
  Source src;
  RunOptions options;  // the run's own; interrupt flag and host flags unset
};

void write_run_file(const std::filesystem::path& dir, const Source& src, const RunOptions& opt);
// Throws UserError (2) naming what is missing or wrong.
RunFile read_run_file(const std::filesystem::path& dir);

// The suite a run came from, refused if it changed since (sha256).
config::Suite load_suite_for_resume(const Source& src, const plugin::Registry& plugins);

// A record is final when it is ok, failed or timeout. Rewrites `results`
// to hold only the last final record of each id, moves every other line to
// `superseded` (appended, nothing is lost) and returns the final records.
std::vector<results::Record> split_final_records(const std::filesystem::path& results,
                                                 const std::filesystem::path& superseded);

bool is_final(results::Status status);

}  // namespace fcbench::run
