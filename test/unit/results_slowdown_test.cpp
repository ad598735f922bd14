// Baselines (building, baseline.json round trip, load errors), percentile,
// and slowdown against a baseline.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../fixtures/test_support.hpp"
#include "results/baseline.hpp"
#include "results/slowdown.hpp"
#include "results/stats.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace fcbench::results;
using fcbench::UserError;
using fcbench::test::TempDir;

namespace {

Record rec(const std::string& id, const std::string& plugin, const std::string& n,
           int64_t payload_ns, const std::string& status = "ok") {
  Record r;
  r.id = id;
  r.plugin = plugin;
  r.params = {{"n", n}, {"method", "trial"}, {"check", "true"}};
  r.param_types = {{"n", FCB_PARAM_INT}, {"method", FCB_PARAM_STRING}, {"check", FCB_PARAM_BOOL}};
  r.vmm = "firecracker";
  r.accel = "kvm";
  r.status = *status_from_string(status);
  r.guest_payload_ns = payload_ns;
  return r;
}

BaselineKey key(const std::string& plugin, const std::string& n) {
  return {plugin, {{"n", n}, {"method", "trial"}, {"check", "true"}}};
}

}  // namespace

TEST_CASE("stats: percentile interpolates linearly between ranks", "[unit][results][slowdown]") {
  CHECK(percentile({}, 95) == 0);
  CHECK(percentile({7}, 95) == 7);
  CHECK(percentile({4, 1, 3, 2}, 50) == Approx(2.5));
  CHECK(percentile({4, 1, 3, 2}, 0) == 1);
  CHECK(percentile({4, 1, 3, 2}, 100) == 4);
  // 11 values 0..10: h = 10 * 0.95 = 9.5
  std::vector<double> v;
  for (int i = 10; i >= 0; --i) v.push_back(i);
  CHECK(percentile(v, 95) == Approx(9.5));
  CHECK(percentile(v, 50) == describe(v).median);
}

TEST_CASE("baseline: key text sorts params", "[unit][baseline]") {
  CHECK(to_string(BaselineKey{"prime", {{"n", "1000"}, {"method", "trial"}}}) ==
        "prime{method=trial,n=1000}");
  CHECK(to_string(BaselineKey{"hello", {}}) == "hello{}");
  CHECK(key_of(rec("a", "prime", "5", 1)) == key("prime", "5"));
}

TEST_CASE("baseline: medians per key, failures counted", "[unit][baseline]") {
  std::vector<Record> recs = {
      rec("a1", "prime", "1000", 300),
      rec("a2", "prime", "1000", 100),
      rec("a3", "prime", "1000", 200),  // odd: 200
      rec("b1", "prime", "2000", 10),
      rec("b2", "prime", "2000", 41),  // even: 25.5 -> 26
      rec("b3", "prime", "2000", 0),   // ok but no payload time
      rec("b4", "prime", "2000", 99, "timeout"),
      rec("c1", "hello", "1", 5, "failed"),
  };
  Baseline b = make_baseline(recs, 3);
  CHECK(b.vmm == "firecracker");
  CHECK(b.accel == "kvm");
  CHECK(b.repetitions == 3);
  CHECK_FALSE(b.created_at.empty());
  REQUIRE(b.entries.size() == 3);

  auto& a = b.entries.at(key("prime", "1000"));
  CHECK(a.payload_ns == std::vector<int64_t>{300, 100, 200});
  CHECK(a.median_ns == 200);
  CHECK(a.n_failed == 0);
  CHECK(a.param_types.at("n") == FCB_PARAM_INT);

  auto& bb = b.entries.at(key("prime", "2000"));
  CHECK(bb.payload_ns == std::vector<int64_t>{10, 41});
  CHECK(bb.median_ns == 26);
  CHECK(bb.n_failed == 2);

  auto& c = b.entries.at(key("hello", "1"));
  CHECK(c.payload_ns.empty());
  CHECK(c.median_ns == 0);
  CHECK(c.n_failed == 1);
}

TEST_CASE("baseline: JSON round trip through a file", "[unit][baseline]") {
  Baseline b = make_baseline({rec("a1", "prime", "1000", 300), rec("a2", "prime", "1000", 100),
                              rec("b1", "hello", "7", 50, "failed")},
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
    auto& le = l.entries.at(key("prime", "1000"));
    CHECK(le.payload_ns == std::vector<int64_t>{300, 100});
    CHECK(le.median_ns == 200);
    CHECK(le.param_types.at("n") == FCB_PARAM_INT);
    CHECK(le.param_types.at("check") == FCB_PARAM_BOOL);
    CHECK(l.entries.at(key("hello", "7")).n_failed == 1);
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
  SECTION("missing file") {
    CHECK_THROWS_AS(load_baseline(dir / "nope.json"), UserError);
    TempDir empty;
    CHECK_THROWS_WITH(load_baseline(empty.path()), Contains("baseline.json"));
  }
}

TEST_CASE("slowdown: exact ratios against the baseline median", "[unit][slowdown]") {
  Baseline b = make_baseline({rec("b1", "prime", "1000", 100), rec("b2", "prime", "1000", 300),
                              rec("b3", "prime", "1000", 200)},
                             3);
  SlowdownReport r = slowdown({rec("i1", "prime", "1000", 200), rec("i2", "prime", "1000", 500),
                               rec("i3", "prime", "1000", 100)},
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
  Baseline b = make_baseline({rec("b1", "prime", "1", 100), rec("b2", "hello", "1", 1000)}, 1);
  std::vector<Record> recs;
  // prime: ratios 1.0 .. 2.0 in steps of 0.1 (11 values), unsorted
  for (int i : {5, 0, 10, 3, 7, 1, 9, 2, 8, 4, 6})
    recs.push_back(rec("p" + std::to_string(i), "prime", "1", 100 + 10 * i));
  recs.push_back(rec("h1", "hello", "1", 3000));
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
  Baseline b =
      make_baseline({rec("b1", "prime", "1", 100), rec("b2", "prime", "2", 0, "failed")}, 1);
  SlowdownReport r = slowdown(
      {rec("i1", "prime", "1", 150), rec("i2", "prime", "2", 150),  // entry without ok runs
       rec("i3", "prime", "3", 150),                                // no entry
       rec("i4", "prime", "3", 150),                                // same missing key again
       rec("i5", "prime", "1", 150, "timeout"),
       rec("i6", "prime", "1", 0)},  // ok without payload time
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
  Baseline b = make_baseline({rec("b1", "prime", "1000", 100)}, 1);
  SlowdownReport r = slowdown({rec("i1", "prime", "1000", 250), rec("i2", "prime", "9", 1),
                               rec("i3", "prime", "1000", 1, "failed")},
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
