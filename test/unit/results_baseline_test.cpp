// results/baseline: medians per configuration, baseline.json round trip, and
// load errors.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/baseline.hpp"
#include "results_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace fcbench::results;
using fcbench::UserError;
using fcbench::test::baseline_key;
using fcbench::test::payload_record;
using fcbench::test::TempDir;

TEST_CASE("baseline: key text sorts params", "[unit][baseline]") {
  CHECK(to_string(BaselineKey{"prime", {{"n", "1000"}, {"method", "trial"}}}) ==
        "prime{method=trial,n=1000}");
  CHECK(to_string(BaselineKey{"hello", {}}) == "hello{}");
  CHECK(key_of(payload_record("a", "prime", "5", 1)) == baseline_key("prime", "5"));
}

TEST_CASE("baseline: medians per key, failures counted", "[unit][baseline]") {
  std::vector<Record> recs = {
      payload_record("a1", "prime", "1000", 300),
      payload_record("a2", "prime", "1000", 100),
      payload_record("a3", "prime", "1000", 200),  // odd: 200
      payload_record("b1", "prime", "2000", 10),
      payload_record("b2", "prime", "2000", 41),  // even: 25.5 -> 26
      payload_record("b3", "prime", "2000", 0),   // ok but no payload time
      payload_record("b4", "prime", "2000", 99, "timeout"),
      payload_record("c1", "hello", "1", 5, "failed"),
  };
  Baseline b = make_baseline(recs, 3);
  CHECK(b.vmm == "firecracker");
  CHECK(b.accel == "kvm");
  CHECK(b.repetitions == 3);
  CHECK_FALSE(b.created_at.empty());
  REQUIRE(b.entries.size() == 3);

  auto& a = b.entries.at(baseline_key("prime", "1000"));
  CHECK(a.payload_ns == std::vector<int64_t>{300, 100, 200});
  CHECK(a.median_ns == 200);
  CHECK(a.n_failed == 0);
  CHECK(a.param_types.at("n") == FCB_PARAM_INT);

  auto& bb = b.entries.at(baseline_key("prime", "2000"));
  CHECK(bb.payload_ns == std::vector<int64_t>{10, 41});
  CHECK(bb.median_ns == 26);
  CHECK(bb.n_failed == 2);

  auto& c = b.entries.at(baseline_key("hello", "1"));
  CHECK(c.payload_ns.empty());
  CHECK(c.median_ns == 0);
  CHECK(c.n_failed == 1);
}

TEST_CASE("baseline: JSON round trip through a file", "[unit][baseline]") {
  Baseline b = make_baseline(
      {payload_record("a1", "prime", "1000", 300), payload_record("a2", "prime", "1000", 100),
       payload_record("b1", "hello", "7", 50, "failed")},
      2);
  nlohmann::json j = to_json(b);
  CHECK(j["format"] == "fcbench-baseline-1");
  REQUIRE(j["entries"].size() == 2);
  auto& e = j["entries"][1];  // entries are in key order: hello < prime
  CHECK(e["plugin"] == "prime");
  CHECK(e["params"]["n"] == 1000);
  CHECK(e["params"]["check"] == true);
  CHECK(e["params"]["method"] == "trial");
  CHECK(e["n_ok"] == 2);
  CHECK(e["median_ns"] == 200);
  CHECK(j["entries"][0]["n_failed"] == 1);

  TempDir dir;
  fcbench::write_file(dir / "baseline.json", j.dump(2));
  for (auto path : {dir / "baseline.json", dir.path()}) {
    Baseline l = load_baseline(path);
    CHECK(l.vmm == b.vmm);
    CHECK(l.accel == b.accel);
    CHECK(l.repetitions == 2);
    CHECK(l.created_at == b.created_at);
    REQUIRE(l.entries.size() == 2);
    auto& le = l.entries.at(baseline_key("prime", "1000"));
    CHECK(le.payload_ns == std::vector<int64_t>{300, 100});
    CHECK(le.median_ns == 200);
    CHECK(le.param_types.at("n") == FCB_PARAM_INT);
    CHECK(le.param_types.at("check") == FCB_PARAM_BOOL);
    CHECK(l.entries.at(baseline_key("hello", "7")).n_failed == 1);
    CHECK(to_json(l) == j);
  }
}

TEST_CASE("baseline: load errors", "[unit][baseline]") {
  TempDir dir;
  auto load_error = [&](const std::string& text) {
    fcbench::write_file(dir / "baseline.json", text);
    try {
      load_baseline(dir / "baseline.json");
    } catch (const UserError& e) {
      CHECK(e.exit_code == 2);
      return std::string(e.what());
    }
    FAIL("no error for: " << text);
    return std::string();
  };
  std::string f = (dir / "baseline.json").string();

  SECTION("bad JSON names line and column") {
    std::string msg = load_error("{\n  \"format\": \"fcbench-baseline-1\",\n  \"entries\": [,]\n}");
    CHECK_THAT(msg, StartsWith(f + ":3:15: invalid JSON: "));
  }
  SECTION("a number too large for a double names line and column") {
    // nlohmann throws out_of_range for it, not parse_error; it used to escape.
    CHECK(load_error("{\n  \"format\": 1E99999\n}") ==
          f + ":2:13: invalid JSON: number 1E99999 is too large");
  }
  SECTION("wrong or missing format") {
    CHECK_THAT(load_error(R"({"format": "fcbench-results-1", "entries": []})"),
               StartsWith(f + ": not a fcbench baseline (format \"fcbench-results-1\""));
    CHECK_THAT(load_error(R"({"entries": []})"), StartsWith(f + ": not a fcbench baseline ("));
    CHECK_THAT(load_error("[1, 2]"), StartsWith(f + ": not a fcbench baseline ("));
  }
  SECTION("bad entries") {
    CHECK_THAT(load_error(R"({"format": "fcbench-baseline-1"})"), Contains("\"entries\""));
    CHECK_THAT(load_error(R"({"format": "fcbench-baseline-1", "entries": [{"plugin": "p"}]})"),
               Contains("entry 1: no \"payload_ns\""));
    CHECK_THAT(load_error(R"({"format": "fcbench-baseline-1",
                              "entries": [{"plugin": "p", "payload_ns": [1, "x"]}]})"),
               Contains("entry 1: \"payload_ns\""));
  }
  SECTION("an integer out of range names the field") {
    // A float out of range was undefined behaviour in nlohmann's get<unsigned>.
    CHECK_THAT(load_error(R"({"format": "fcbench-baseline-1", "repetitions": 2.6e+79,
                              "entries": []})"),
               StartsWith(f + ": not a fcbench baseline (repetitions: 2.6e+79 is not an integer"));
    CHECK_THAT(load_error(R"({"format": "fcbench-baseline-1", "repetitions": -1,
                              "entries": []})"),
               Contains("repetitions: -1 is not an integer"));
  }
  SECTION("missing file") {
    CHECK_THROWS_AS(load_baseline(dir / "nope.json"), UserError);
    TempDir empty;
    CHECK_THROWS_WITH(load_baseline(empty.path()), Contains("baseline.json"));
  }
}
