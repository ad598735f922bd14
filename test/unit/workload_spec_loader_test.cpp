// Workload spec loading: trace files, the header's JSON form, and every
// error with its exact "file:line:col:" prefix.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "workload/generator.hpp"
#include "workload/spec_loader.hpp"
#include "workload_support.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using fcbench::ConfigError;
using fcbench::workload::parse_spec;
using fcbench::workload::Spec;

namespace {

Spec spec(const std::string& yaml) {
  return parse_spec(yaml, "spec.yaml", fcbench::test::workload_plugins());
}

std::string error_of(const std::string& yaml, const std::filesystem::path& file = "spec.yaml") {
  try {
    parse_spec(yaml, file, fcbench::test::workload_plugins());
  } catch (const ConfigError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  return "";
}

const std::string kHead = "instances: 10\nduration_s: 5\narrival: {process: poisson}\n";

}  // namespace

TEST_CASE("workload spec: a full spec loads, and its JSON form is canonical", "[unit][workload]") {
  Spec s = spec("seed: 42\n" + kHead +
                "vm: {vcpus: 2, mem_mib: 512}\n"
                "mix:\n"
                "  - weight: 2\n"
                "    plugin: prime\n"
                "    params: {n: {choice: [1000, 2000], weights: [1, 3]}, method: sieve}\n");
  CHECK(s.seed == 42u);
  CHECK(s.instances == 10);
  CHECK(s.vcpus == 2);
  CHECK(s.mem_mib == 512);
  REQUIRE(s.mix.size() == 1);
  CHECK(s.mix[0].params.size() == 2);
  CHECK(fcbench::workload::to_json(s).dump() ==
        R"({"seed":42,"instances":10,"duration_s":5.0,"arrival":{"process":"poisson"},)"
        R"("vm":{"vcpus":2,"mem_mib":512},"mix":[{"weight":2.0,"plugin":"prime",)"
        R"("params":{"method":"sieve","n":{"choice":[1000,2000],"weights":[1.0,3.0]}}}]})");
}

TEST_CASE("workload spec: a trace file is read relative to the spec", "[unit][workload]") {
  fcbench::test::TempDir dir;
  fcbench::write_file(dir / "arrivals.csv", "0.5\n# comment\n\n0\n2.25\n");
  auto yaml = "arrival: {process: trace, file: arrivals.csv}\nmix: [{plugin: prime}]\n";
  Spec s = parse_spec(yaml, dir / "spec.yaml", fcbench::test::workload_plugins());
  CHECK(s.instances == 3);
  auto v = fcbench::workload::generate(s, 1);
  REQUIRE(v.size() == 3);
  CHECK(v[0].arrival_ns == 0);
  CHECK(v[1].arrival_ns == 500'000'000);
  CHECK(v[2].arrival_ns == 2'250'000'000);

  CHECK_THAT(error_of(std::string("instances: 4\n") + yaml, dir / "spec.yaml"),
             EndsWith("spec.yaml:1:12: 'instances' is 4 but the trace has 3 offsets; make them "
                      "agree or omit 'instances'"));
  fcbench::write_file(dir / "bad.csv", "1\n  x2\n");
  CHECK_THAT(error_of("arrival: {process: trace, file: bad.csv}\nmix: [{plugin: prime}]\n",
                      dir / "spec.yaml"),
             EndsWith("bad.csv:2:3: expected an offset in seconds (a number from 0 to 2592000, 30 "
                      "days), got 'x2'"));
}

TEST_CASE("workload spec: errors point at file:line:col", "[unit][workload]") {
  using Catch::Matchers::Equals;
  CHECK_THAT(error_of("instances: [1\n"), StartsWith("spec.yaml:2:1: invalid YAML"));
  CHECK_THAT(error_of(kHead + "colour: red\nmix: [{plugin: prime}]\n"),
             StartsWith("spec.yaml:4:1: unknown key 'colour' in workload spec"));
  CHECK_THAT(error_of("instances: ten\nduration_s: 5\narrival: {process: poisson}\n"
                      "mix: [{plugin: prime}]\n"),
             Equals("spec.yaml:1:12: 'instances' must be an integer, got 'ten'"));
  CHECK_THAT(error_of("instances: 3\narrival: {process: poisson}\nmix: [{plugin: prime}]\n"),
             StartsWith("spec.yaml:1:1: missing required key 'duration_s'"));
  CHECK_THAT(error_of("instances: 3\nduration_s: 1\narrival: {process: zipf}\n"
                      "mix: [{plugin: prime}]\n"),
             StartsWith("spec.yaml:3:20: unknown arrival process 'zipf'"));
  CHECK_THAT(error_of(kHead + "mix:\n  - {weight: 0, plugin: prime}\n"),
             Equals("spec.yaml:5:14: 'weight' must be positive"));
  CHECK_THAT(error_of(kHead + "mix:\n  - {plugin: nope}\n"),
             StartsWith("spec.yaml:5:14: unknown plugin 'nope'"));
  CHECK_THAT(error_of(kHead + "mix:\n  - plugin: prime\n    params: {size: 1}\n"),
             StartsWith("spec.yaml:6:14: unknown parameter 'size' for plugin 'prime' (known: "));
  CHECK_THAT(error_of(kHead + "mix:\n  - plugin: prime\n    params: {n: {choice: [1, x]}}\n"),
             Equals("spec.yaml:6:30: 'n' must be an integer, got 'x'"));
  CHECK_THAT(error_of(kHead +
                      "mix:\n  - plugin: prime\n    params: {n: {choice: [1, 2], weights: [1]}}\n"),
             StartsWith("spec.yaml:6:43: 'weights' must be a list of 2 numbers"));
  CHECK_THAT(
      error_of(kHead +
               "mix:\n  - plugin: prime\n    params: {n: {choice: [1, 2], weights: [0, 0]}}\n"),
      Equals("spec.yaml:6:43: the weights must not all be zero"));
  CHECK_THAT(error_of(kHead + "mix:\n  - plugin: prime\n    params: {n: {uniform: [1, 2]}}\n"),
             StartsWith("spec.yaml:6:17: 'uniform' draws real numbers and needs a float"));
  CHECK_THAT(
      error_of(kHead +
               "mix:\n  - plugin: stream\n    params: {iterations: {uniform_int: [9, 2]}}\n"),
      Equals("spec.yaml:6:40: 'uniform_int' needs low <= high"));
  CHECK_THAT(error_of(kHead + "mix:\n  - plugin: prime\n    params: {n: {normal: [1, 2]}}\n"),
             StartsWith("spec.yaml:6:18: unknown key 'normal' in parameter 'n'"));
  CHECK_THAT(error_of(kHead + "vm: {vcpus: 0}\nmix: [{plugin: prime}]\n"),
             Equals("spec.yaml:4:13: 'vcpus' must be between 1 and 32"));
  CHECK_THAT(error_of("seed: -1\n" + kHead + "mix: [{plugin: prime}]\n"),
             StartsWith("spec.yaml:1:7: 'seed' must be an integer"));
  CHECK_THAT(error_of("arrival: {process: burst, size: 2}\ninstances: 4\nmix: [{plugin: prime}]\n"),
             StartsWith("spec.yaml:1:10: a burst arrival needs 'size' and 'interval_s'"));
}

TEST_CASE("workload spec: a key given twice is refused, and arrivals stay within 30 days",
          "[unit][workload]") {
  CHECK_THAT(error_of(kHead + "mix: [{plugin: prime, plugin: boot}]\n"),
             StartsWith("spec.yaml:4:23: duplicate key 'plugin' (first given on line 4)"));
  CHECK_THAT(error_of("instances: 10\nduration_s: 1e10\narrival: {process: poisson}\n"
                      "mix: [{plugin: boot}]\n"),
             StartsWith("spec.yaml:2:13: duration_s is 1e+10 s; arrivals must lie within 30 days"));
  CHECK_THAT(error_of("instances: 3\narrival: {process: burst, size: 1, interval_s: 2e6}\n"
                      "mix: [{plugin: boot}]\n"),
             Contains("the last burst (interval_s x bursts) is 4e+06 s"));
}
