// Runs a suite, a workload, a baseline or the rest of an interrupted run.
// Every run goes through the same stages (run/runner.cpp's execute()):
// prepare → check limits → apply host settings → schedule and execute →
// finish.
#pragma once

#include <filesystem>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "run/options.hpp"

namespace fcbench::run {

// Each returns the process exit code: 0 all ok, 1 some instance not ok,
// 130 interrupted. Host settings are restored before it returns or throws;
// with --strict-host, settings that cannot be applied throw UserError (2)
// before anything is changed.
// Takes the suite (pass an rvalue not to copy a large one).
int run_suite(config::Suite suite, const plugin::Registry& plugins, const RunOptions& opt);
// A workload file from `fcbench generate`: instances start open-loop at
// their arrival offsets.
int run_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt);
// Runs each distinct configuration of a workload alone, opt.repetitions
// times, and writes DIR/baseline.json (median payload time of each).
int run_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt);
// Runs the instances of an earlier run in `dir` that have no final record
// (ok, failed or timeout) and adds their records.
int resume_run(const std::filesystem::path& dir, const plugin::Registry& plugins,
               const RunOptions& opt);

}  // namespace fcbench::run
