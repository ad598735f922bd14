// The prior tool's program list + run file → a workload.
#include <catch2/catch.hpp>
#include <string>

#include "util/error.hpp"
#include "workload/fc_microbenchmark_legacy.hpp"
#include "workload/fc_microbenchmark_legacy_programs.hpp"
#include "workload/jsonl.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using LegacyOptions = fcbench::workload::FcMicrobenchmarkOptions;
using fcbench::workload::parse_fc_microbenchmark;
using fcbench::workload::Workload;

namespace {

const fcbench::workload::ProgramList kPrograms =
    fcbench::workload::parse_program_list("prime\nstream\n\nsleeper\n", "programs.txt");

Workload convert(const std::string& run, const LegacyOptions& opt = {},
                 const fcbench::workload::ProgramList& programs = kPrograms) {
  return parse_fc_microbenchmark(run, "run.txt", programs, fcbench::test::workload_plugins(), opt);
}

std::string error_of(const std::string& run, const LegacyOptions& opt = {},
                     const fcbench::workload::ProgramList& programs = kPrograms) {
  try {
    convert(run, opt, programs);
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
  CHECK(v[1].params["iterations"] == 7);  // "stream" is also the prior tool's: NTIMES
  CHECK(v[1].params["array_size"] == 2000000);
  CHECK(v[1].arrival_ns == 0);  // the gap is the sleep *after* a launch
  CHECK(v[2].arrival_ns == 1'500'000'000);
  CHECK(v[3].plugin == "sleeper");
  CHECK(v[3].params["seconds"] == 2.0);  // a plugin name: its first parameter by default
  CHECK(v[3].mem_mib == 128);            // the prior tool's VM size by default
  CHECK(v[3].arrival_ns == 1'750'000'000);
  CHECK(v[3].id == "w000004");
  CHECK(w.header["seed"].is_null());
  CHECK(w.header["spec"]["legacy"]["programs_file"] == "programs.txt");
  CHECK(w.header["format"] == fcbench::workload::kWorkloadFormat);
}

TEST_CASE("workload legacy: --param-name picks the parameter", "[unit][workload]") {
  LegacyOptions opt;
  opt.param_name = "method";
  opt.vcpus = 2;
  auto w = convert("0, sieve\n", opt);
  CHECK(w.instances[0].params["method"] == "sieve");
  CHECK(w.instances[0].params["n"] == 3000000);
  CHECK(w.instances[0].vcpus == 2);
  CHECK_THAT(error_of("3, 9\n", opt),
             Equals("run.txt:1:1: plugin 'sleeper' has no parameter 'method' (--param-name)"));
}

TEST_CASE("workload legacy: the prior tool's program names map to what each argument meant",
          "[unit][workload]") {
  // Its default list, and a run file as it wrote them: "program, argument, gap".
  auto w = convert("0, 4000000, 0.088 \n1, 4096, 1.639 \n2, 320, 0.147 \n", {},
                   fcbench::workload::default_program_list());
  REQUIRE(w.instances.size() == 3);
  auto& v = w.instances;
  CHECK(v[0].plugin == "prime");
  CHECK(v[0].params["n"] == 4000000);
  CHECK(v[1].plugin == "dd");
  CHECK(v[1].params["size_mib"] == 4096);  // dd bs=1M count=4096
  CHECK(v[1].params["block_kib"] == 1024);
  CHECK(v[1].arrival_ns == 88'000'000);
  CHECK(v[2].plugin == "stream");
  CHECK(v[2].params["iterations"] == 320);  // NTIMES, not stream's first parameter
  CHECK(v[2].params["array_size"] == 2000000);
  CHECK(v[2].arrival_ns == 1'727'000'000);
  CHECK(w.header["spec"]["legacy"]["programs_file"].is_null());
  CHECK(w.header["spec"]["legacy"]["programs"] ==
        nlohmann::json::array({"primenumber", "dd-workload", "stream"}));
  // --param-name is for programs named by plugin; a legacy name keeps its meaning.
  LegacyOptions opt;
  opt.param_name = "array_size";
  CHECK(convert("2, 40\n", opt, fcbench::workload::default_program_list())
            .instances[0]
            .params["iterations"] == 40);
}

TEST_CASE("workload legacy: an argument the mapped parameter refuses points at it",
          "[unit][workload]") {
  auto defaults = fcbench::workload::default_program_list();
  CHECK_THAT(error_of("1, 1.5\n", {}, defaults),
             Equals("run.txt:1:4: 'size_mib' must be an integer, got '1.5'"));
  CHECK_THAT(error_of("3, 1\n", {}, defaults),
             Equals("run.txt:1:1: workload ID 3 names no program; the programs are 0 "
                    "primenumber, 1 dd-workload, 2 stream (the prior tool's default program "
                    "list)"));
}

TEST_CASE("workload legacy: errors point at file:line:col", "[unit][workload]") {
  CHECK_THAT(error_of("0\n"), StartsWith("run.txt:1:1: expected 'ID, arg' or 'ID, arg, gap_s'"));
  CHECK_THAT(error_of("0, 1\n 9, 1\n"),
             Equals("run.txt:2:2: workload ID 9 names no program; the programs are 0 prime, 1 "
                    "stream, 3 sleeper (programs.txt)"));
  CHECK_THAT(error_of("2, 1\n"), StartsWith("run.txt:1:1: workload ID 2 names no program"));
  CHECK_THAT(error_of("x, 1\n"),
             StartsWith("run.txt:1:1: the workload ID must be a program number (0, 1, ...), got "
                        "'x'"));
  CHECK_THAT(error_of("0,  abc\n"), Equals("run.txt:1:5: 'n' must be an integer, got 'abc'"));
  CHECK_THAT(error_of("0, 1, -2\n"),
             Equals("run.txt:1:7: gap_s must be a number of seconds >= 0, got '-2'"));
  CHECK_THAT(error_of("\n"), Equals("run.txt:1:1: the run file lists no launches"));
}
