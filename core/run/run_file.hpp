// DIR/run.json: what a run was made from and the options it ran with, so
// `fcbench run --resume DIR` can finish it.
#pragma once

#include <filesystem>

#include "run/options.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

struct RunFile {
  Source src;
  RunOptions options;  // the run's own; interrupt flag and host flags unset
};

void write_run_file(const std::filesystem::path& dir, const Source& src, const RunOptions& opt);
// Throws UserError (2) naming what is missing or wrong.
RunFile read_run_file(const std::filesystem::path& dir);

}  // namespace fcbench::run
