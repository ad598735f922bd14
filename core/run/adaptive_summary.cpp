#include "run/adaptive_summary.hpp"

#include <fmt/format.h>

#include <cmath>

#include "run/adaptive_gate.hpp"

namespace fcbench::run {

namespace {

using Criterion = config::AdaptiveRepetitions::Criterion;

nlohmann::json finite_or_null(const std::optional<double>& v) {
  if (v && std::isfinite(*v)) return *v;
  return nullptr;
}

std::string incomplete_reason(const Tracker& t, const Spread& sp) {
  return fmt::format("incomplete at n={} ({} of max={} runs; interrupted), {}",
                     t.sample().values.size(), t.sample().runs, t.spec().max,
                     describe(sp, t.spec()));
}

}  // namespace

std::vector<AdaptiveOutcome> adaptive_outcomes(const std::vector<config::Benchmark>& benches,
                                               const std::vector<results::Record>& records) {
  const AdaptiveGate replay(benches, records);
  std::vector<AdaptiveOutcome> out;
  for (auto& b : benches) {
    const Tracker* t = replay.tracker(&b);
    if (!t) continue;
    AdaptiveOutcome o;
    o.bench = &b;
    o.metric = t->metric();
    o.sample = t->sample();
    o.spread = spread(o.sample.values);
    o.stopped = t->stopped() ? to_string(t->decision().stop) : "incomplete";
    o.reason = t->stopped() ? t->decision().reason : incomplete_reason(*t, o.spread);
    out.push_back(std::move(o));
  }
  return out;
}

nlohmann::json to_json(const std::vector<AdaptiveOutcome>& outcomes) {
  nlohmann::json arr = nlohmann::json::array();
  for (auto& o : outcomes) {
    const auto& spec = *o.bench->vm.adaptive;
    arr.push_back(
        {{"benchmark", o.bench->name},
         {"params", results::typed_params(o.bench->params, o.bench->param_types)},
         {"primary_metric", o.metric.empty() ? nlohmann::json() : nlohmann::json(o.metric)},
         {"criterion", spec.criterion == Criterion::ci ? "ci" : "rsd"},
         {"target", spec.target},
         {"min", spec.min},
         {"max", spec.max},
         {"n", o.sample.values.size()},
         {"ok", o.sample.ok},
         {"runs", o.sample.runs},
         {"stopped", o.stopped},
         {"ci95_half_width_rel", finite_or_null(o.spread.ci95_rel)},
         {"rsd", finite_or_null(o.spread.rsd)},
         {"reason", o.reason}});
  }
  return arr;
}

std::string format_adaptive(const std::vector<AdaptiveOutcome>& outcomes) {
  if (outcomes.empty()) return "";
  size_t width = 0;
  for (auto& o : outcomes) width = std::max(width, o.bench->name.size());
  std::string out = "\nadaptive repetitions:\n";
  for (auto& o : outcomes) {
    const auto& spec = *o.bench->vm.adaptive;
    out += fmt::format("  {:<{}}  {}  ({} {}, target {}{}; {} runs)\n", o.bench->name, width,
                       o.reason, o.metric.empty() ? "?" : o.metric, describe(o.spread, spec),
                       spec.criterion == Criterion::ci ? "±" : "", percent(spec.target),
                       o.sample.runs);
  }
  return out;
}

}  // namespace fcbench::run
