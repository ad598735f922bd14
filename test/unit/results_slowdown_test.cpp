// results/slowdown: each instance's slowdown against a baseline, and the
// per-plugin aggregates.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/baseline.hpp"
#include "results/slowdown.hpp"
#include "results_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace fcbench::results;
using fcbench::UserError;
using fcbench::test::payload_record;
using fcbench::test::TempDir;

TEST_CASE("slowdown: exact ratios against the baseline median", "[unit][slowdown]") {
  Baseline b = make_baseline(
      {payload_record("b1", "prime", "1000", 100), payload_record("b2", "prime", "1000", 300),
       payload_record("b3", "prime", "1000", 200)},
      3);
  SlowdownReport r = slowdown(
      {payload_record("i1", "prime", "1000", 200), payload_record("i2", "prime", "1000", 500),
       payload_record("i3", "prime", "1000", 100)},
      b);
  REQUIRE(r.instances.size() == 3);
  CHECK(r.instances[0].id == "i1");
  CHECK(r.instances[0].baseline_ns == 200);
  CHECK(r.instances[0].slowdown == 1.0);
  CHECK(r.instances[1].slowdown == 2.5);
  CHECK(r.instances[2].slowdown == 0.5);
  CHECK(r.no_baseline == 0);
  CHECK(r.not_ok == 0);
  CHECK(r.missing_keys.empty());
}

TEST_CASE("slowdown: per-plugin mean, median, p95 and max", "[unit][slowdown]") {
  Baseline b = make_baseline(
      {payload_record("b1", "prime", "1", 100), payload_record("b2", "hello", "1", 1000)}, 1);
  std::vector<Record> recs;
  // prime: ratios 1.0 .. 2.0 in steps of 0.1 (11 values), unsorted
  for (int i : {5, 0, 10, 3, 7, 1, 9, 2, 8, 4, 6})
    recs.push_back(payload_record("p" + std::to_string(i), "prime", "1", 100 + 10 * i));
  recs.push_back(payload_record("h1", "hello", "1", 3000));
  SlowdownReport r = slowdown(recs, b);
  REQUIRE(r.by_plugin.size() == 2);
  auto& h = r.by_plugin[0];
  CHECK(h.plugin == "hello");
  CHECK(h.n == 1);
  CHECK(h.mean == 3.0);
  CHECK(h.p95 == 3.0);
  auto& p = r.by_plugin[1];
  CHECK(p.plugin == "prime");
  CHECK(p.n == 11);
  CHECK(p.mean == Approx(1.5));
  CHECK(p.median == Approx(1.5));
  CHECK(p.p95 == Approx(1.95));  // h = 10 * 0.95 = 9.5, between 1.9 and 2.0
  CHECK(p.max == Approx(2.0));

  std::string table = format_slowdown(r);
  CHECK_THAT(table, Contains("plugin"));
  CHECK_THAT(table, Contains("p95"));
  CHECK_THAT(table, Contains("1.95×"));
  CHECK_THAT(table, Contains("3.00×"));
  CHECK_THAT(table, !Contains("no baseline"));
}

TEST_CASE("slowdown: records without a baseline, and not-ok records", "[unit][slowdown]") {
  Baseline b = make_baseline(
      {payload_record("b1", "prime", "1", 100), payload_record("b2", "prime", "2", 0, "failed")},
      1);
  SlowdownReport r = slowdown({payload_record("i1", "prime", "1", 150),
                               payload_record("i2", "prime", "2", 150),  // entry without ok runs
                               payload_record("i3", "prime", "3", 150),  // no entry
                               payload_record("i4", "prime", "3", 150),  // same missing key again
                               payload_record("i5", "prime", "1", 150, "timeout"),
                               payload_record("i6", "prime", "1", 0)},  // ok without payload time
                              b);
  CHECK(r.instances.size() == 1);
  CHECK(r.no_baseline == 3);
  CHECK(r.not_ok == 2);
  CHECK(r.missing_keys == std::vector<std::string>{"prime{check=true,method=trial,n=2}",
                                                   "prime{check=true,method=trial,n=3}"});
  std::string table = format_slowdown(r);
  CHECK_THAT(table, Contains("3 instance(s) had no baseline: prime{check=true,method=trial,n=2}"));
  CHECK_THAT(table, Contains("2 instance(s) not ok"));
}

TEST_CASE("slowdown: JSON carries typed params", "[unit][slowdown]") {
  Baseline b = make_baseline({payload_record("b1", "prime", "1000", 100)}, 1);
  SlowdownReport r =
      slowdown({payload_record("i1", "prime", "1000", 250), payload_record("i2", "prime", "9", 1),
                payload_record("i3", "prime", "1000", 1, "failed")},
               b);
  nlohmann::json j = to_json(r);
  REQUIRE(j["instances"].size() == 1);
  auto& i = j["instances"][0];
  CHECK(i["id"] == "i1");
  CHECK(i["plugin"] == "prime");
  CHECK(i["params"]["n"] == 1000);
  CHECK(i["params"]["n"].is_number_integer());
  CHECK(i["params"]["check"] == true);
  CHECK(i["params"]["method"] == "trial");
  CHECK(i["payload_ns"] == 250);
  CHECK(i["baseline_ns"] == 100);
  CHECK(i["slowdown"] == 2.5);
  CHECK(j["by_plugin"]["prime"]["n"] == 1);
  CHECK(j["by_plugin"]["prime"]["median"] == 2.5);
  CHECK(j["by_plugin"]["prime"]["p95"] == 2.5);
  CHECK(j["no_baseline"] == 1);
  CHECK(j["not_ok"] == 1);
  CHECK(j["missing_keys"] == nlohmann::json::array({"prime{check=true,method=trial,n=9}"}));
}
