#include <catch2/catch.hpp>
#include <sstream>

#include "analysis_support.hpp"
#include "../fixtures/test_support.hpp"
#include "report/formats.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;

namespace {

struct Fixture {
  test::TempDir t;
  analysis::Dataset data;
  Fixture() {
    auto failed = test::timed_record("f1", "a,b", 0, 5, 1);
    failed.status = results::Status::failed;
    failed.error = "guest said \"no\"";
    failed.metrics.clear();
    test::write_results(t.path(),
                        {test::timed_record("a1", "a,b", 10, 1'000'000'000, 100),
                         test::timed_record("a2", "a,b", 12, 1'050'000'000, 120), failed});
    data = analysis::load({t.path()});
  }
};

}  // namespace

TEST_CASE("report json: records by status, groups, concurrency, no slowdown without baseline") {
  Fixture f;
  auto r = report::build(f.data);
  auto j = report::to_json(r);
  CHECK(j["records"]["total"] == 3);
  CHECK(j["records"]["ok"] == 2);
  CHECK(j["records"]["failed"] == 1);
  CHECK(j["records"]["timeout"] == 0);
  CHECK(j["failures"][0]["error"] == "guest said \"no\"");
  // rate, vm.end_to_end, vm.time_to_payload, vm.payload
  REQUIRE(j["groups"].size() == 4);
  CHECK(j["groups"][0]["metric"] == "rate");
  CHECK(j["groups"][0]["mean"] == 11);
  CHECK(j["groups"][1]["metric"] == "vm.end_to_end");
  CHECK(j["concurrency"]["peak"] == 2);
  CHECK(j["slowdown"].is_null());
}

TEST_CASE("report csv: one row per ok record x metric, one per failed record, quoted fields") {
  Fixture f;
  std::ostringstream out;
  report::write_csv(report::build(f.data), out);
  std::string csv = out.str();
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 4 + 1);
  CHECK_THAT(csv,
             Contains("a1,\"a,b\",prime,\"{\"\"n\"\":1000}\",qemu,tcg,ok,rate,10,ops/s,higher,"));
  CHECK_THAT(
      csv,
      Contains(
          "f1,\"a,b\",prime,\"{\"\"n\"\":1000}\",qemu,tcg,failed,,,,,\"guest said \"\"no\"\"\""));
}

TEST_CASE("report md: TCG rows are labelled emulated and failures are listed") {
  Fixture f;
  std::string md = report::to_markdown(report::build(f.data));
  CHECK_THAT(md, Contains("emulated (TCG)"));
  CHECK_THAT(md, Contains("tcg (emulated)"));
  CHECK_THAT(md, Contains("1 × failed: guest said \"no\""));
  CHECK_THAT(md, Contains("| a,b | n=1000 | qemu |"));
}
