// Adaptive repetitions during a run: each adaptive benchmark's results so
// far (a Tracker, fed its records in completion order), and the scheduler's
// Admission that starts, holds back or drops its planned repetitions.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "results/record.hpp"
#include "run/adaptive.hpp"
#include "run/scheduler.hpp"

namespace fcbench::run {

// The value a record gives for `metric`: a plugin metric by name, or
// vm.end_to_end / vm.time_to_payload / vm.payload (ms); nullopt if absent.
std::optional<double> metric_value(const results::Record& r, const std::string& metric);

// One adaptive benchmark. The primary metric is the suite's, or else the
// first metric of the first ok record. After each final record from the
// min-th on, decide(); its first stop is kept.
class Tracker {
 public:
  explicit Tracker(const config::Benchmark& b);  // b.vm.adaptive must be set
  // Counts `r` (ok, failed and timeout count; other statuses are ignored);
  // true when it made the benchmark stop.
  bool add(const results::Record& r);
  bool stopped() const { return decision_.stop != Stop::none; }
  const Decision& decision() const { return decision_; }
  const Sample& sample() const { return sample_; }
  const std::string& metric() const { return metric_; }  // empty until known
  const config::Benchmark& bench() const { return *bench_; }
  const config::AdaptiveRepetitions& spec() const { return *bench_->vm.adaptive; }

 private:
  const config::Benchmark* bench_;
  std::string metric_;
  std::vector<std::string> seen_;  // metrics the ok records reported
  Sample sample_;
  Decision decision_;
};

// The Admission for a plan's adaptive benchmarks (others always run).
// Rules for an adaptive benchmark's next planned repetition: the first min
// start freely; after them it waits until all min have a final record;
// then it starts while the benchmark has not stopped, at most min of its
// repetitions in flight at once; once stopped, the rest are skipped.
// Those already running when it stops finish and are kept.
class AdaptiveGate final : public Admission {
 public:
  // `done`: final records of an earlier part of the run (resume), matched
  // to `benches` by benchmark name. `on_stop` hears of each stop decided
  // during the run.
  AdaptiveGate(const std::vector<config::Benchmark>& benches,
               const std::vector<results::Record>& done,
               std::function<void(const Tracker&)> on_stop = {});
  bool empty() const { return trackers_.empty(); }           // no adaptive benchmark
  const Tracker* tracker(const config::Benchmark* b) const;  // nullptr: not adaptive
  bool stopped(const config::Benchmark* b) const;

  Verdict verdict(const Instance& inst) const override;
  void launched(const Instance& inst) override;
  void recorded(const Instance& inst, const results::Record& rec) override;

 private:
  std::map<const config::Benchmark*, Tracker> trackers_;
  std::map<const config::Benchmark*, size_t> in_flight_;
  std::function<void(const Tracker&)> on_stop_;
};

}  // namespace fcbench::run
