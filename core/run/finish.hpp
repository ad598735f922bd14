// The "finish" stage of a run: summary.json, baseline.json for a baseline
// run, the report on stdout, and the exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "results/baseline.hpp"
#include "run/options.hpp"
#include "run/plan.hpp"
#include "run/run_instances.hpp"

namespace fcbench::run {

// The process exit code: 130 interrupted; 1 some instance not ok, or the
// results could not all be written (a full disk); else 0.
int exit_code(const RunOutcome& outcome);

// Writes the run's files and report; removes DIR/instances unless kept.
// `baseline` (from --baseline, the one outcome.kept was made with) adds
// each instance's slowdown. Takes what outcome.kept holds. Returns
// exit_code().
int finish_run(const Plan& plan, const RunOptions& opt, const std::filesystem::path& out,
               RunOutcome& outcome, const std::optional<results::Baseline>& baseline,
               const std::string& env_id);

}  // namespace fcbench::run
