// `fcbench generate` end to end through the real binary: exit codes 0 and 2.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;

TEST_CASE("workload cli: generate writes a file, and bad specs exit 2", "[unit][workload]") {
  fcbench::test::TempDir dir;
  const std::string spec = (dir / "w.yaml").string(), out = (dir / "w.jsonl").string();
  fcbench::write_file(spec,
                      "seed: 5\ninstances: 20\nduration_s: 2\narrival: {process: uniform}\n"
                      "mix: [{plugin: prime, params: {n: {uniform_int: [100, 200]}}}]\n");
  std::vector<std::string> argv = {FCBENCH_BINARY, "generate", spec, "-o", out};
  auto r = fcbench::run_command(argv, std::chrono::seconds(60));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string first = fcbench::read_file(out);
  CHECK(std::count(first.begin(), first.end(), '\n') == 21);
  CHECK_THAT(first, Contains("\"seed\":5"));
  REQUIRE(fcbench::run_command(argv, std::chrono::seconds(60)).exit_code == 0);
  CHECK(fcbench::read_file(out) == first);

  // A parameter value the plugin rejects (prime needs n >= 2) is caught too.
  fcbench::write_file(spec,
                      "instances: 2\nduration_s: 2\narrival: {process: uniform}\n"
                      "mix: [{plugin: prime, params: {n: 1}}]\n");
  r = fcbench::run_command(argv, std::chrono::seconds(60));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("w.yaml:4:7: invalid parameters for plugin 'prime'"));

  fcbench::write_file(spec, "instances: 2\nbogus: 1\n");
  r = fcbench::run_command(argv, std::chrono::seconds(60));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("w.yaml:2:1: unknown key 'bogus'"));

  r = fcbench::run_command({FCBENCH_BINARY, "generate", spec}, std::chrono::seconds(60));
  CHECK(r.exit_code == 2);
}
