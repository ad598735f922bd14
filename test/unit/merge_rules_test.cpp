// merge/rules: one record per workload instance, missing and duplicate
// records, one time axis, and the skew between the runs' zeros.
#include <catch2/catch.hpp>

#include "merge/rules.hpp"
#include "util/error.hpp"

using fcbench::merge::Candidate;
using fcbench::merge::choose;
using S = fcbench::results::Status;

TEST_CASE("merge: each instance gets its one final record, missing ones none", "[unit][merge]") {
  const std::vector<std::string> ids{"w1", "w2", "w3", "w4"};
  const std::vector<Candidate> found{{"w3", S::ok, "a:1"},
                                     {"w1", S::failed, "a:2"},
                                     {"w4", S::interrupted, "b:1"},
                                     {"w4", S::ok, "c:1"}};
  const auto pick = choose(ids, found);
  REQUIRE(pick.size() == 4);
  CHECK(pick[0] == 1u);  // failed is final: it stands
  CHECK_FALSE(pick[1]);  // w2: nobody ran it
  CHECK(pick[2] == 0u);
  CHECK(pick[3] == 3u);  // the final record beats the interrupted one
}

TEST_CASE("merge: without a final record the last other one stands", "[unit][merge]") {
  const std::vector<Candidate> found{{"w1", S::not_started, "a:1"}, {"w1", S::interrupted, "b:7"}};
  CHECK(choose({"w1"}, found)[0] == 1u);
  // ...and a final one still wins whatever its order.
  const std::vector<Candidate> late{{"w1", S::timeout, "a:1"}, {"w1", S::interrupted, "b:7"}};
  CHECK(choose({"w1"}, late)[0] == 0u);
}

TEST_CASE("merge: two final records of one instance name both places", "[unit][merge]") {
  const std::vector<Candidate> found{{"w2", S::ok, "shard-0/results.jsonl:4"},
                                     {"w2", S::failed, "shard-1/results.jsonl:9"}};
  try {
    choose({"w1", "w2"}, found);
    FAIL("no error");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.what(), Catch::Contains("'w2'") && Catch::Contains("shard-0/results.jsonl:4") &&
                             Catch::Contains("shard-1/results.jsonl:9"));
  }
}

TEST_CASE("merge: a record of another workload is refused", "[unit][merge]") {
  const std::vector<Candidate> found{{"x9", S::ok, "other/results.jsonl:1"}};
  CHECK_THROWS_WITH(choose({"w1"}, found), Catch::Contains("other/results.jsonl:1") &&
                                               Catch::Contains("'x9' is not in the workload"));
}

TEST_CASE("merge: a missing instance is blamed on its shard", "[unit][merge]") {
  using fcbench::merge::missing_reason;
  CHECK(missing_reason(0, 3) == "shard 0 produced no record");
  CHECK(missing_reason(7, 3) == "shard 1 produced no record");
  CHECK(missing_reason(5, 1) == "no directory produced a record");
}

TEST_CASE("merge: timestamps move onto the wall-clock axis by the run's zero", "[unit][merge]") {
  fcbench::results::Record r;
  CHECK_FALSE(fcbench::merge::wall_shift(r));  // no zero: cannot align
  r.start_mono_ns = 1'000;
  r.start_wall_ns = 1'000'000;
  r.scheduled_ns = 1'500;
  r.started_ns = 1'600;
  r.ts.launched = 1'600;
  r.ts.exited = 2'600;
  r.ts.guest_booted = 0;  // not seen: stays 0
  r.queue_delay_ns = 100;
  r.guest_payload_ns = 700;
  const auto shift = fcbench::merge::wall_shift(r);
  REQUIRE(shift);
  CHECK(*shift == 999'000);
  fcbench::merge::shift_record(r, *shift);
  CHECK(r.start_mono_ns == r.start_wall_ns);  // the zero lands on its wall instant
  CHECK(r.scheduled_ns == 1'000'500);
  CHECK(r.started_ns == 1'000'600);
  CHECK(r.ts.launched == 1'000'600);
  CHECK(r.ts.exited == 1'001'600);
  CHECK(r.ts.guest_booted == 0);
  CHECK(r.queue_delay_ns == 100);  // durations stay
  CHECK(r.guest_payload_ns == 700);
  CHECK(r.time_shift_ns == 999'000);
}

TEST_CASE("merge: the skew is the spread of the runs' zeros", "[unit][merge]") {
  using fcbench::merge::start_skew_ns;
  CHECK(start_skew_ns({}) == 0);
  CHECK(start_skew_ns({42}) == 0);
  CHECK(start_skew_ns({1'000, 1'003, 998}) == 5);
}
