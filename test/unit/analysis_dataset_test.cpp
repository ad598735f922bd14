#include <catch2/catch.hpp>
#include <fstream>

#include "../fixtures/test_support.hpp"
#include "analysis/dataset.hpp"
#include "analysis_support.hpp"
#include "util/error.hpp"

using namespace fcbench;
using Catch::Matchers::Contains;

namespace {

const analysis::Series* find(const analysis::Dataset& d, const std::string& bench,
                             const std::string& metric) {
  for (const auto& s : d.series)
    if (s.key.benchmark == bench && s.key.metric == metric) return &s;
  return nullptr;
}

int exit_code_of(const std::vector<std::filesystem::path>& dirs) {
  try {
    analysis::load(dirs);
  } catch (const UserError& e) {
    return e.exit_code;
  }
  return 0;
}

}  // namespace

TEST_CASE("load: ok values form series per group and metric, failures are counted apart") {
  test::TempDir t;
  auto failed = test::timed_record("f1", "a", 0, 0, 0);
  failed.status = results::Status::timeout;
  failed.error = "timed out after 5 s";
  failed.metrics.clear();
  test::write_results(t.path(), {test::timed_record("a1", "a", 10, 1'000'000'000, 100),
                                 test::timed_record("b1", "b", 20, 1'100'000'000, 200, "2000"),
                                 failed, test::timed_record("a2", "a", 30, 1'300'000'000, 300)});
  auto d = analysis::load({t.path()});
  CHECK(d.records() == 4);
  CHECK(d.by_status.at(results::Status::ok) == 3);
  CHECK(d.by_status.at(results::Status::timeout) == 1);
  REQUIRE(d.failures.size() == 1);
  CHECK(d.failures[0].error == "timed out after 5 s");
  CHECK(d.failures[0].ids == std::vector<std::string>{"f1"});
  auto* rate = find(d, "a", "rate");
  REQUIRE(rate);
  CHECK(rate->values == std::vector<double>{10, 30});  // the timeout is not averaged in
  CHECK(rate->key.params == R"({"n":1000})");
  CHECK(rate->higher_is_better);
  auto* e2e = find(d, "a", "vm.end_to_end");
  REQUIRE(e2e);
  CHECK(e2e->values == std::vector<double>{100, 300});
  CHECK_FALSE(e2e->higher_is_better);
  CHECK(find(d, "a", "vm.time_to_payload"));
  CHECK(find(d, "b", "vm.payload")->values == std::vector<double>{198});
  CHECK(d.id(d.instances[rate->instances[1]]) == "a2");
}

TEST_CASE("load: escaped strings are unescaped, plain ones read as written") {
  test::TempDir t;
  auto failed = test::timed_record("f\"1", "a", 0, 0, 0);
  failed.status = results::Status::failed;
  failed.error = "parse failed:\n\t\"stod\" \\ \u00e9";
  failed.metrics.clear();
  test::write_results(t.path(), {failed, test::timed_record("a\\1", "a", 10, 1'000'000'000, 100)});
  auto d = analysis::load({t.path()});
  REQUIRE(d.failures.size() == 1);
  CHECK(d.failures[0].error == failed.error);
  CHECK(d.failures[0].ids == std::vector<std::string>{"f\"1"});
  CHECK(d.id(d.instances[1]) == "a\\1");
  CHECK(d.name(d.instances[1].benchmark) == "a");
}

TEST_CASE("load: params keys are sorted whatever order the file has") {
  test::TempDir t;
  std::ofstream(t / "results.jsonl")
      << R"({"id":"x","benchmark":"b","plugin":"p","params":{"z":1,"a":"s"},"status":"ok",)"
      << R"("metrics":[{"name":"m","value":2,"unit":"u","better":"lower"}]})"
      << "\n";
  auto d = analysis::load({t.path()});
  REQUIRE(d.series.size() == 1);
  CHECK(d.series[0].key.params == R"({"a":"s","z":1})");
  CHECK_FALSE(d.series[0].higher_is_better);
}

TEST_CASE("load: a torn last line is skipped with a warning naming it") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a1", "a", 10, 1, 100)});
  std::ofstream(t / "results.jsonl", std::ios::app) << R"({"id":"a2","benchmark":"a","sta)";
  auto d = analysis::load({t.path()});
  CHECK(d.records() == 1);
  REQUIRE(d.warnings.size() == 1);
  CHECK_THAT(d.warnings[0], Contains("results.jsonl:2") && Contains("torn"));
}

TEST_CASE("load: a malformed line in the middle is file:line:col, exit 2") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a1", "a", 10, 1, 100)});
  std::ofstream(t / "results.jsonl", std::ios::app)
      << "{\"id\": nope}\n"
      << results::to_json(test::timed_record("a2", "a", 1, 1, 1)).dump() << "\n";
  CHECK_THROWS_WITH(analysis::load({t.path()}), Contains("results.jsonl:2:9"));
  CHECK(exit_code_of({t.path()}) == 2);
}

TEST_CASE("load: an unknown status is an error naming it") {
  test::TempDir t;
  std::ofstream(t / "results.jsonl") << R"({"id":"x","status":"weird"})"
                                     << "\n"
                                     << R"({"id":"y","status":"ok"})"
                                     << "\n";
  CHECK_THROWS_WITH(analysis::load({t.path()}), Contains("results.jsonl:1:1") && Contains("weird"));
}

TEST_CASE("load: no directory, no results.jsonl, or an empty one each exit 2") {
  test::TempDir t;
  CHECK_THROWS_WITH(analysis::load({t / "nope"}), Contains("no such results directory"));
  CHECK_THROWS_WITH(analysis::load({t.path()}), Contains("no results.jsonl"));
  std::ofstream(t / "results.jsonl") << "\n";
  CHECK_THROWS_WITH(analysis::load({t.path()}), Contains("no records"));
  CHECK(exit_code_of({t.path()}) == 2);
}

TEST_CASE("load: several directories add up, host.jsonl and env.json are read") {
  test::TempDir t;
  test::write_results(t / "one", {test::timed_record("a1", "a", 10, 1, 100)});
  test::write_results(t / "two", {test::timed_record("a1", "a", 20, 1, 100)});
  std::ofstream(t / "one" / "env.json") << R"({"host":{"cpu_model":"X"}})";
  std::ofstream(t / "one" / "host.jsonl")
      << R"({"t_ns":5,"cpu":{"user":12.5,"system":3},"mem_available_kib":100,"loadavg":[1,2,3],"running":2})"
      << "\n";
  auto d = analysis::load({t / "one", t / "two"});
  CHECK(d.records() == 2);
  CHECK(find(d, "a", "rate")->values == std::vector<double>{10, 20});
  CHECK(d.env["host"]["cpu_model"] == "X");
  CHECK(d.envs.size() == 2);
  CHECK(d.envs[1].is_null());
  REQUIRE(d.host.size() == 1);
  CHECK(d.host[0].cpu_user == 12.5);
  CHECK(d.host[0].load1 == 1);
  CHECK(d.host[0].running == 2);
}

TEST_CASE("load: a malformed env.json or summary.json is file:line:col, exit 2") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a1", "a", 10, 1, 100)});
  for (const char* name : {"env.json", "summary.json"}) {
    CAPTURE(name);
    const std::string file = (t / name).string();
    std::ofstream(t / name) << "{\n  \"x\": 1E99999}";  // too large for a double
    CHECK_THROWS_WITH(analysis::load({t.path()}),
                      file + ":2:8: invalid JSON: number 1E99999 is too large");
    CHECK(exit_code_of({t.path()}) == 2);
    std::ofstream(t / name) << "{\"x\": nope}";
    CHECK_THROWS_WITH(analysis::load({t.path()}), Contains(file + ":1:8: invalid JSON: "));
    CHECK(exit_code_of({t.path()}) == 2);
    std::filesystem::remove(t / name);
  }
}

TEST_CASE("load: a host sample with an integer out of range is file:line, exit 2") {
  test::TempDir t;
  test::write_results(t.path(), {test::timed_record("a1", "a", 10, 1, 100)});
  std::ofstream(t / "host.jsonl") << R"({"t_ns": 5, "running": 1})"
                                  << "\n"
                                  << R"({"t_ns": 4e+54, "running": 1})"
                                  << "\n"
                                  << R"({"t_ns": 6, "running": 1})"
                                  << "\n";
  CHECK_THROWS_WITH(analysis::load({t.path()}),
                    Contains("host.jsonl:2:1: invalid host sample: t_ns: 4e+54 is not an integer"));
  CHECK(exit_code_of({t.path()}) == 2);
}
