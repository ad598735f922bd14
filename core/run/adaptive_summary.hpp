// Why each adaptive benchmark stopped: summary.json's "repetitions" array
// and the terminal's reason lines. Replayed from the run's records in
// their order, which is the order the AdaptiveGate saw them in (across a
// resume too), so it says what the run decided.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "results/record.hpp"
#include "run/adaptive.hpp"

namespace fcbench::run {

struct AdaptiveOutcome {
  const config::Benchmark* bench = nullptr;
  std::string metric;   // empty: never known (no ok record had a metric)
  Sample sample;        // every final record of the benchmark
  Spread spread;        // of sample.values
  std::string stopped;  // converged | max | failed | no_metric | incomplete (interrupted)
  std::string reason;   // e.g. "converged at n=12", "hit max=50, CI ±3.4 %"
};

// One per adaptive benchmark of `benches`, in their order.
std::vector<AdaptiveOutcome> adaptive_outcomes(const std::vector<config::Benchmark>& benches,
                                               const std::vector<results::Record>& records);
// The "repetitions" array (docs/results-schema.md).
nlohmann::json to_json(const std::vector<AdaptiveOutcome>& outcomes);
// A heading and one line per benchmark; "" when there are none.
std::string format_adaptive(const std::vector<AdaptiveOutcome>& outcomes);

}  // namespace fcbench::run
