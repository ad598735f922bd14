// results/summary: per-benchmark summaries; failed records are counted by
// status and never enter the statistics.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "results/summary.hpp"
#include "results_support.hpp"

using Catch::Matchers::Contains;
using fcbench::results::Record;
using fcbench::test::make_record;

TEST_CASE("summary: failed records are counted by status but kept out of stats",
          "[unit][results]") {
  std::vector<Record> records;
  records.push_back(make_record("zeta", "ok", 10));
  records.back().ts = {1'000'000'000, 1'200'000'000, 1'500'000'000, 2'000'000'000, 3'000'000'000};
  records.push_back(make_record("alpha", "interrupted", 0, "stopped by user"));
  records.push_back(make_record("zeta", "failed", 1000, "boom"));
  records.push_back(make_record("zeta", "ok", 20));
  records.push_back(make_record("zeta", "timeout", 5000, "timed out after 1 s"));
  records.push_back(make_record("zeta", "failed", 3000, "boom"));

  auto sum = fcbench::results::summarize(records);
  REQUIRE(sum.size() == 2);
  // First-seen order, not alphabetical.
  const auto& z = sum[0];
  CHECK(z.benchmark == "zeta");
  CHECK(z.plugin == "prime");
  CHECK(z.vmm == "qemu");
  CHECK(z.accel == "tcg");
  CHECK(z.n_ok == 2);
  CHECK(z.n_failed == 3);
  CHECK(z.by_status == std::map<std::string, size_t>{{"failed", 2}, {"timeout", 1}});
  CHECK(z.errors == std::vector<std::string>{"boom", "timed out after 1 s"});
  REQUIRE(z.metrics.size() == 3);
  CHECK(z.metrics[0].name == "rate");
  CHECK(z.metrics[0].unit == "ops/s");
  CHECK(z.metrics[0].higher_is_better);
  CHECK(z.metrics[0].stats.n == 2);
  CHECK(z.metrics[0].stats.mean == Approx(15));
  CHECK(z.metrics[0].stats.max == Approx(20));
  // Host timings only where the timestamps were seen.
  CHECK(z.metrics[1].name == "vm.time_to_payload");
  CHECK_FALSE(z.metrics[1].higher_is_better);
  CHECK(z.metrics[1].stats.n == 1);
  CHECK(z.metrics[1].stats.mean == Approx(500));
  CHECK(z.metrics[2].name == "vm.end_to_end");
  CHECK(z.metrics[2].stats.mean == Approx(2000));

  const auto& a = sum[1];
  CHECK(a.benchmark == "alpha");
  CHECK(a.n_ok == 0);
  CHECK(a.n_failed == 1);
  CHECK(a.by_status.at("interrupted") == 1);
  CHECK(a.metrics.empty());

  auto j = fcbench::results::to_json(sum);
  REQUIRE(j["benchmarks"].size() == 2);
  CHECK(j["benchmarks"][0]["n_failed"] == 3);
  CHECK(j["benchmarks"][0]["metrics"][0]["mean"].get<double>() == Approx(15));
  CHECK(j["benchmarks"][1]["failed_by_status"]["interrupted"] == 1);
  CHECK_THAT(fcbench::results::format_table(sum),
             Contains("zeta") && Contains("ok 2") && Contains("failed 3") && Contains("boom"));
}

TEST_CASE("summary: at most five distinct errors are kept", "[unit][results]") {
  std::vector<Record> records;
  for (int i = 0; i < 8; ++i)
    records.push_back(make_record("b", "failed", i, "error " + std::to_string(i)));
  auto sum = fcbench::results::summarize(records);
  REQUIRE(sum.size() == 1);
  CHECK(sum[0].n_failed == 8);
  CHECK(sum[0].errors.size() == 5);
  CHECK(sum[0].errors.front() == "error 0");
}

using fcbench::results::tally_of;

TEST_CASE("summary: a tally counts as that many not_started records", "[unit][results]") {
  std::vector<Record> records = {make_record("zeta", "ok", 10)};
  std::vector<fcbench::results::Tally> tallies = {
      tally_of(make_record("zeta", "not_started", 0, "interrupted"), 999),
      tally_of(make_record("omega", "not_started", 0, "disk full"), 5),  // never started at all
      tally_of(make_record("zeta", "not_started", 0, "interrupted"), 0)};
  auto sum = fcbench::results::summarize(records, tallies);
  REQUIRE(sum.size() == 2);
  CHECK(sum[0].benchmark == "zeta");
  CHECK(sum[0].n_ok == 1);
  CHECK(sum[0].n_failed == 999);
  CHECK(sum[0].by_status == std::map<std::string, size_t>{{"not_started", 999}});
  CHECK(sum[0].errors == std::vector<std::string>{"interrupted"});
  CHECK(sum[1].benchmark == "omega");
  CHECK(sum[1].n_ok == 0);
  CHECK(sum[1].n_failed == 5);
  CHECK(sum[1].metrics.empty());
}

TEST_CASE("summary: dump_summary writes what dump(2) of the whole tree would", "[unit][results]") {
  std::vector<Record> records = {make_record("zeta", "ok", 10), make_record("zeta", "ok", 12),
                                 make_record("b \"q\"\n", "failed", 0, "multi\nline \"error\"")};
  const nlohmann::json doc = {{"suite", "s"}, {"zz", {{"nested", {1, 2}}}}, {"env_id", "e"}};
  for (size_t n : {0, 1, 2}) {
    auto sum = fcbench::results::summarize({records.begin(), records.begin() + long(n + 1)});
    if (n == 0) sum.clear();
    nlohmann::json whole = doc;
    whole["benchmarks"] = fcbench::results::to_json(sum)["benchmarks"];
    INFO(n << " benchmarks");
    CHECK(fcbench::results::dump_summary(doc, sum) == whole.dump(2));
  }
}
