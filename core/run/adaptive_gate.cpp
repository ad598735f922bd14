#include "run/adaptive_gate.hpp"

#include <algorithm>

namespace fcbench::run {

std::optional<double> metric_value(const results::Record& r, const std::string& metric) {
  if (metric == "vm.end_to_end") return results::span_ms(r.ts.launched, r.ts.exited);
  if (metric == "vm.time_to_payload") return results::span_ms(r.ts.launched, r.ts.payload_start);
  if (metric == "vm.payload")
    return r.guest_payload_ns > 0 ? std::optional<double>(double(r.guest_payload_ns) / 1e6)
                                  : std::nullopt;
  for (auto& m : r.metrics)
    if (m.name == metric) return m.value;
  return std::nullopt;
}

Tracker::Tracker(const config::Benchmark& b) : bench_(&b), metric_(b.vm.primary_metric) {}

bool Tracker::add(const results::Record& r) {
  using enum results::Status;
  if (r.status != ok && r.status != failed && r.status != timeout) return false;
  ++sample_.runs;
  if (r.status == ok) {
    ++sample_.ok;
    if (metric_.empty() && !r.metrics.empty()) metric_ = r.metrics.front().name;
    for (auto& m : r.metrics)
      if (std::find(seen_.begin(), seen_.end(), m.name) == seen_.end()) seen_.push_back(m.name);
    if (auto v = metric_value(r, metric_)) sample_.values.push_back(*v);
  }
  if (stopped()) return false;
  decision_ = decide(sample_, spec(), metric_.empty() ? "(the plugin's first)" : metric_, seen_);
  return stopped();
}

AdaptiveGate::AdaptiveGate(const std::vector<config::Benchmark>& benches,
                           const std::vector<results::Record>& done,
                           std::function<void(const Tracker&)> on_stop)
    : on_stop_(std::move(on_stop)) {
  std::map<std::string, Tracker*> by_name;
  for (auto& b : benches)
    if (b.vm.adaptive) by_name[b.name] = &trackers_.emplace(&b, Tracker(b)).first->second;
  for (auto& r : done)
    if (auto it = by_name.find(r.benchmark); it != by_name.end()) it->second->add(r);
}

const Tracker* AdaptiveGate::tracker(const config::Benchmark* b) const {
  auto it = trackers_.find(b);
  return it == trackers_.end() ? nullptr : &it->second;
}

bool AdaptiveGate::stopped(const config::Benchmark* b) const {
  auto t = tracker(b);
  return t && t->stopped();
}

Admission::Verdict AdaptiveGate::verdict(const Instance& inst) const {
  const Tracker* t = tracker(inst.bench);
  if (!t) return Verdict::run;
  if (t->stopped()) return Verdict::skip;
  auto f = in_flight_.find(inst.bench);
  const size_t flying = f == in_flight_.end() ? 0 : f->second;
  const size_t runs = t->sample().runs, min = t->spec().min;
  if (runs + flying >= t->spec().max) return Verdict::skip;  // cannot be needed
  if (runs + flying < min || flying == 0) return Verdict::run;
  if (runs < min || flying >= min) return Verdict::wait;
  return Verdict::run;
}

void AdaptiveGate::launched(const Instance& inst) {
  if (trackers_.count(inst.bench)) ++in_flight_[inst.bench];
}

void AdaptiveGate::recorded(const Instance& inst, const results::Record& rec) {
  auto it = trackers_.find(inst.bench);
  if (it == trackers_.end() || rec.status == results::Status::not_started) return;
  if (auto& f = in_flight_[inst.bench]; f > 0) --f;
  if (it->second.add(rec) && on_stop_) on_stop_(it->second);
}

}  // namespace fcbench::run
