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

void ScheduleBuilder::add(const Record& r) {
  if (r.started_ns <= 0 || r.scheduled_ns <= 0) return;
  lag_.push_back(double(r.started_ns - r.scheduled_ns - r.queue_delay_ns));
  if (r.queue_delay_ns > 0) queued_.push_back(double(r.queue_delay_ns));
  first_ = first_ ? std::min(first_, r.started_ns) : r.started_ns;
  last_ = std::max(last_, r.started_ns);
}

nlohmann::json ScheduleBuilder::to_json(uint32_t max_concurrent) const {
  const double span_s = double(last_ - first_) / 1e9;
  return {
      {"max_concurrent", max_concurrent ? nlohmann::json(max_concurrent) : nlohmann::json("none")},
      {"started", lag_.size()},
      {"launch_span_s", span_s},
      {"launch_rate_per_s",
       last_ > first_ ? nlohmann::json(double(lag_.size() - 1) / span_s) : nlohmann::json()},
      {"start_lag_ns", distribution(lag_)},
      {"queue_delay_ns", distribution(queued_)}};
}

nlohmann::json schedule_summary(const std::vector<Record>& recs, uint32_t max_concurrent) {
  ScheduleBuilder b;
  for (const auto& r : recs) b.add(r);
  return b.to_json(max_concurrent);
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
