// The prior tool's program list + run file → a workload.
#include <catch2/catch.hpp>
#include <string>

#include "util/error.hpp"
#include "workload/fc_microbenchmark_legacy.hpp"
#include "workload/jsonl.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using LegacyOptions = fcbench::workload::FcMicrobenchmarkOptions;
using fcbench::workload::parse_fc_microbenchmark;
using fcbench::workload::Workload;

namespace {

const char* kPrograms = "prime\nstream\n\nsleeper\n";

Workload convert(const std::string& run, const LegacyOptions& opt = {}) {
  return parse_fc_microbenchmark(run, "run.txt", kPrograms, "programs.txt",
                                 fcbench::test::workload_plugins(), opt);
}

std::string error_of(const std::string& run, const LegacyOptions& opt = {}) {
  try {
    convert(run, opt);
  } catch (const fcbench::ConfigError& e) {
    return e.what();
  }
  FAIL("expected a ConfigError for:\n" << run);
  return "";
}

}  // namespace

TEST_CASE("workload legacy: IDs map to program lines and gaps add up", "[unit][workload]") {
  auto w = convert("0, 5000\n# comment\n1, 7, 1.5\n\n0, 6000, 0.25\n3, 2\n");
  REQUIRE(w.instances.size() == 4);
  auto& v = w.instances;
  CHECK(v[0].plugin == "prime");
  CHECK(v[0].arrival_ns == 0);
  CHECK(v[0].params["n"] == 5000);
  CHECK(v[0].params["method"] == "trial");
  CHECK(v[1].plugin == "stream");
  CHECK(v[1].params["array_size"] == 7);  // the first parameter by default
  CHECK(v[1].arrival_ns == 0);            // the gap is the sleep *after* a launch
  CHECK(v[2].arrival_ns == 1'500'000'000);
  CHECK(v[3].plugin == "sleeper");
  CHECK(v[3].params["seconds"] == 2.0);
  CHECK(v[3].arrival_ns == 1'750'000'000);
  CHECK(v[3].id == "w000004");
  CHECK(w.header["seed"].is_null());
  CHECK(w.header["spec"]["legacy"]["programs_file"] == "programs.txt");
  CHECK(w.header["format"] == fcbench::workload::kWorkloadFormat);
}

TEST_CASE("workload legacy: --param-name picks the parameter", "[unit][workload]") {
  LegacyOptions opt;
  opt.param_name = "iterations";
  opt.vcpus = 2;
  auto w = convert("1, 9\n", opt);
  CHECK(w.instances[0].params["iterations"] == 9);
  CHECK(w.instances[0].params["array_size"] == 2000000);
  CHECK(w.instances[0].vcpus == 2);
  CHECK_THAT(error_of("0, 9\n", opt),
             Equals("run.txt:1:1: plugin 'prime' has no parameter 'iterations' (--param-name)"));
}

TEST_CASE("workload legacy: errors point at file:line:col", "[unit][workload]") {
  CHECK_THAT(error_of("0\n"), StartsWith("run.txt:1:1: expected 'ID, arg' or 'ID, arg, gap_s'"));
  CHECK_THAT(error_of("0, 1\n 9, 1\n"), StartsWith("run.txt:2:2: ID 9 names no program"));
  CHECK_THAT(error_of("2, 1\n"), StartsWith("run.txt:1:1: ID 2 names no program"));
  CHECK_THAT(error_of("x, 1\n"), StartsWith("run.txt:1:1: the ID must be a program line number"));
  CHECK_THAT(error_of("0,  abc\n"), Equals("run.txt:1:5: 'n' must be an integer, got 'abc'"));
  CHECK_THAT(error_of("0, 1, -2\n"),
             Equals("run.txt:1:7: gap_s must be a number of seconds >= 0, got '-2'"));
  CHECK_THAT(error_of("\n"), Equals("run.txt:1:1: the run file lists no launches"));
}
