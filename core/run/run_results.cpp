#include "run/run_results.hpp"

namespace fcbench::run {

RunResults::RunResults(const Plan& plan, const results::Baseline* compare_to) {
  for (const auto& b : plan.benches)
    if (b.vm.adaptive) adaptive_names_.insert(b.name);
  if (plan.src.kind == "baseline") baseline_.emplace(plan.repetitions);
  if (compare_to) slowdown_.emplace(*compare_to);
}

void RunResults::add_to_all(const results::Record& r) {
  ++recorded_;
  if (r.status != results::Status::ok) ++not_ok_;
  if (!r.started_at.empty() && (first_started_at_.empty() || r.started_at < first_started_at_))
    first_started_at_ = r.started_at;
  summary_.add(r);
  if (baseline_) baseline_->add(r);
  if (slowdown_) slowdown_->add(r);
  if (adaptive_names_.contains(r.benchmark)) adaptive_.push_back(r);
}

void RunResults::add_earlier(const results::Record& r) {
  ++earlier_;
  add_to_all(r);
}

void RunResults::add(const results::Record& r) {
  add_to_all(r);
  schedule_.add(r);
}

}  // namespace fcbench::run
