#include "results/schedule_summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "results/stats.hpp"

namespace fcbench::results {

namespace {

nlohmann::json distribution(const std::vector<double>& v) {
  if (v.empty()) return nlohmann::json();
  return {{"n", v.size()},
          {"p50", percentile(v, 50)},
          {"p99", percentile(v, 99)},
          {"max", *std::max_element(v.begin(), v.end())}};
}

}  // namespace

nlohmann::json schedule_summary(const std::vector<Record>& recs, uint32_t max_concurrent) {
  std::vector<double> lag, queued;
  int64_t first = 0, last = 0;
  for (auto& r : recs) {
    if (r.started_ns <= 0 || r.scheduled_ns <= 0) continue;
    lag.push_back(double(r.started_ns - r.scheduled_ns - r.queue_delay_ns));
    if (r.queue_delay_ns > 0) queued.push_back(double(r.queue_delay_ns));
    first = first ? std::min(first, r.started_ns) : r.started_ns;
    last = std::max(last, r.started_ns);
  }
  const double span_s = double(last - first) / 1e9;
  return {
      {"max_concurrent", max_concurrent ? nlohmann::json(max_concurrent) : nlohmann::json("none")},
      {"started", lag.size()},
      {"launch_span_s", span_s},
      {"launch_rate_per_s",
       last > first ? nlohmann::json(double(lag.size() - 1) / span_s) : nlohmann::json()},
      {"start_lag_ns", distribution(lag)},
      {"queue_delay_ns", distribution(queued)}};
}

std::string schedule_line(const nlohmann::json& s) {
  if (s["started"].get<size_t>() < 2) return "";
  auto ms = [](const nlohmann::json& v) { return v.get<double>() / 1e6; };
  std::string line = fmt::format("schedule: {} started over {:.3f} s", s["started"].get<size_t>(),
                                 s["launch_span_s"].get<double>());
  if (s["launch_rate_per_s"].is_number())
    line += fmt::format(" ({:.3g}/s)", s["launch_rate_per_s"].get<double>());
  const auto& lag = s["start_lag_ns"];
  line += fmt::format("; start lag p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms", ms(lag["p50"]),
                      ms(lag["p99"]), ms(lag["max"]));
  if (const auto& q = s["queue_delay_ns"]; q.is_object())
    line += fmt::format("; {} queued (p50 {:.1f} ms, max {:.1f} ms)", q["n"].get<size_t>(),
                        ms(q["p50"]), ms(q["max"]));
  return line + "\n";
}

}  // namespace fcbench::results
