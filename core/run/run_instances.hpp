// The "schedule and execute" stage of a run: every instance of the plan
// through the open-loop scheduler, each record written to results.jsonl as
// it comes, the host sampled into host.jsonl, progress on stderr.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "results/not_started.hpp"
#include "results/record.hpp"
#include "run/host_tuning.hpp"
#include "run/options.hpp"
#include "run/plan.hpp"
#include "run/run_results.hpp"
#include "run/scheduler.hpp"

namespace fcbench::run {

struct RunOutcome {
  explicit RunOutcome(RunResults k) : kept(std::move(k)) {}
  RunResults kept;  // of every record but the not_started ones
  // This part's not_started records, folded by benchmark and reason.
  std::vector<results::Tally> not_started;
  ScheduleResult schedule;
  // results.jsonl could not take every record (schedule.halted): why
  // ("cannot write FILE: <strerror>"), whether for want of space, and how
  // many records are held in memory only (they end with the process).
  std::string write_error;
  bool disk_full = false;
  size_t unwritten = 0;
};

// How many records a tally list stands for.
size_t count(const std::vector<results::Tally>& tallies);

// Runs plan.instances into DIR; `kept` already holds the records an earlier
// part of the run finished, and gets each new one. Each record gets
// `env_id`. Instance directories are removed once recorded, unless
// opt.keep_instances.
RunOutcome run_instances(const Plan& plan, const Placer& placer, const RunOptions& opt,
                         const std::filesystem::path& out, HostTuning& host,
                         const std::string& env_id, RunResults kept);

}  // namespace fcbench::run
