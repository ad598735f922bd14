// What a run keeps of its records for summary.json, baseline.json and the
// report. Not the records: a run of a million instances would hold a
// million. It keeps what those files are made of, one record at a time:
// each ok record's metric values, each start's lag, the counts, and whole
// records only for adaptive benchmarks, whose summary replays them.
//
// Lifecycle: made with the plan (and --baseline) before the run; fed the
// records of an earlier part (resume), then this part's as they are
// written; read once by finish_run, which takes its parts.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "results/baseline.hpp"
#include "results/record.hpp"
#include "results/schedule_summary.hpp"
#include "results/slowdown.hpp"
#include "results/summary.hpp"
#include "run/plan.hpp"

namespace fcbench::run {

class RunResults {
 public:
  // A baseline plan builds baseline.json. `compare_to` (may be null; must
  // outlive this): the --baseline each record's slowdown is taken against.
  RunResults(const Plan& plan, const results::Baseline* compare_to);

  void add_earlier(const results::Record& r);  // a record of an earlier part (resume)
  void add(const results::Record& r);          // a record of this part

  size_t earlier() const { return earlier_; }    // records of earlier parts
  size_t recorded() const { return recorded_; }  // every record added
  size_t not_ok() const { return not_ok_; }      // of those, not ok
  // The earliest launch's UTC time (ISO 8601); "" when none launched.
  const std::string& first_started_at() const { return first_started_at_; }
  // This part's starts, for summary.json's "schedule".
  const results::ScheduleBuilder& schedule() const { return schedule_; }
  // The records of adaptive benchmarks, earlier parts first.
  const std::vector<results::Record>& adaptive_records() const { return adaptive_; }

  results::SummaryBuilder& summary() { return summary_; }
  std::optional<results::BaselineBuilder>& baseline() { return baseline_; }
  std::optional<results::SlowdownBuilder>& slowdown() { return slowdown_; }

 private:
  void add_to_all(const results::Record& r);

  std::set<std::string> adaptive_names_;
  size_t earlier_ = 0, recorded_ = 0, not_ok_ = 0;
  std::string first_started_at_;
  results::SummaryBuilder summary_;
  results::ScheduleBuilder schedule_;
  std::optional<results::BaselineBuilder> baseline_;
  std::optional<results::SlowdownBuilder> slowdown_;
  std::vector<results::Record> adaptive_;
};

}  // namespace fcbench::run
