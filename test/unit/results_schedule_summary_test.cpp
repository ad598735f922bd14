// results/schedule_summary: start lag, queueing and launch rate of a run.
#include <catch2/catch.hpp>

#include "results/schedule_summary.hpp"

using fcbench::results::Record;

namespace {

Record started(int64_t scheduled, int64_t started, int64_t queued = 0) {
  Record r;
  r.scheduled_ns = scheduled;
  r.started_ns = started;
  r.queue_delay_ns = queued;
  return r;
}

}  // namespace

TEST_CASE("schedule summary: lag beyond queueing, queue delays, launch rate",
          "[unit][schedule_summary]") {
  const int64_t ms = 1'000'000;
  std::vector<Record> recs = {started(1000 * ms, 1001 * ms), started(1500 * ms, 1500 * ms + ms / 2),
                              started(1500 * ms, 2001 * ms, 500 * ms), Record{}};  // never started
  auto s = fcbench::results::schedule_summary(recs, 1);
  CHECK(s["max_concurrent"] == 1);
  CHECK(s["started"] == 3);
  CHECK(s["launch_span_s"].get<double>() == Approx(1.0));
  CHECK(s["launch_rate_per_s"].get<double>() == Approx(2.0));
  CHECK(s["start_lag_ns"]["n"] == 3);
  CHECK(s["start_lag_ns"]["max"].get<double>() == Approx(1.0 * ms));
  CHECK(s["queue_delay_ns"]["n"] == 1);
  CHECK(s["queue_delay_ns"]["max"].get<double>() == Approx(500.0 * ms));
  auto line = fcbench::results::schedule_line(s);
  CHECK(line.find("schedule: 3 started over 1.000 s (2/s)") == 0);
  CHECK(line.find("1 queued") != std::string::npos);
}

TEST_CASE("schedule summary: no cap, too few to say anything", "[unit][schedule_summary]") {
  auto s = fcbench::results::schedule_summary({}, 0);
  CHECK(s["max_concurrent"] == "none");
  CHECK(s["started"] == 0);
  CHECK(s["start_lag_ns"].is_null());
  CHECK(s["launch_rate_per_s"].is_null());
  CHECK(fcbench::results::schedule_line(s).empty());
}
