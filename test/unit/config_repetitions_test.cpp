// config/repetitions: `repetitions` as a count or as adaptive repetitions
// {min, max, target_ci | target_rsd}, and `primary_metric`, in defaults and
// per benchmark; every malformed form fails at its file:line:col.
#include <catch2/catch.hpp>
#include <string>

#include "config/repetitions.hpp"
#include "config/suite_loader.hpp"
#include "plugin/registry.hpp"
#include "util/error.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::ConfigError;
using fcbench::config::AdaptiveRepetitions;
using fcbench::config::parse_fraction;
using fcbench::config::Suite;

namespace {

const fcbench::plugin::Registry& plugins() {
  static const auto r = fcbench::plugin::Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  return r;
}

Suite parse(const std::string& yaml) {
  return fcbench::config::parse_suite(yaml, "suite.yaml", plugins());
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const ConfigError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  return "";
}

// One prime benchmark with `reps` as its repetitions.
std::string one(const std::string& reps) {
  return "benchmarks:\n  - plugin: prime\n    repetitions: " + reps + "\n";
}

}  // namespace

TEST_CASE("config: targets are percentages or fractions in (0, 1)", "[unit][config]") {
  CHECK(*parse_fraction("2%") == Approx(0.02));
  CHECK(*parse_fraction("2 %") == Approx(0.02));
  CHECK(*parse_fraction("0.5%") == Approx(0.005));
  CHECK(*parse_fraction("0.02") == Approx(0.02));
  CHECK(*parse_fraction("1e-3") == Approx(0.001));
  for (const char* bad :
       {"2", "0", "0%", "100%", "150%", "-2%", "1", "%", "", "two%", "2%%", "nan", "inf%"}) {
    INFO(bad);
    CHECK_FALSE(parse_fraction(bad));
  }
}

TEST_CASE("config: a count stays a fixed number of repetitions", "[unit][config]") {
  Suite s = parse(one("5"));
  CHECK(s.benchmarks[0].vm.repetitions == 5);
  CHECK_FALSE(s.benchmarks[0].vm.adaptive);
  CHECK(s.benchmarks[0].vm.primary_metric.empty());
}

TEST_CASE("config: adaptive repetitions, with target_ci or target_rsd", "[unit][config]") {
  Suite s = parse(one("{min: 5, max: 50, target_ci: 2%}"));
  const auto& vm = s.benchmarks[0].vm;
  REQUIRE(vm.adaptive);
  CHECK(vm.adaptive->min == 5);
  CHECK(vm.adaptive->max == 50);
  CHECK(vm.adaptive->criterion == AdaptiveRepetitions::Criterion::ci);
  CHECK(vm.adaptive->target == Approx(0.02));
  CHECK(vm.repetitions == 50);  // the plan holds max; the run skips what is not needed

  Suite r = parse(one("{min: 2, max: 2, target_rsd: 0.03}"));
  REQUIRE(r.benchmarks[0].vm.adaptive);
  CHECK(r.benchmarks[0].vm.adaptive->criterion == AdaptiveRepetitions::Criterion::rsd);
  CHECK(r.benchmarks[0].vm.adaptive->target == Approx(0.03));
}

TEST_CASE("config: adaptive defaults, a benchmark's count or own spec wins", "[unit][config]") {
  Suite s = parse(
      "defaults:\n"
      "  repetitions: {min: 3, max: 8, target_ci: 5%}\n"
      "  primary_metric: count\n"
      "benchmarks:\n"
      "  - plugin: prime\n"
      "  - name: fixed\n"
      "    plugin: prime\n"
      "    repetitions: 4\n"
      "  - name: own\n"
      "    plugin: prime\n"
      "    params: {n: [1000, 2000]}\n"
      "    repetitions:\n"
      "      min: 10\n"
      "      max: 20\n"
      "      target_rsd: 1%\n"
      "    primary_metric: vm.end_to_end\n");
  REQUIRE(s.benchmarks.size() == 4);
  const auto& first = s.benchmarks[0].vm;
  REQUIRE(first.adaptive);
  CHECK(first.adaptive->max == 8);
  CHECK(first.primary_metric == "count");
  CHECK_FALSE(s.benchmarks[1].vm.adaptive);
  CHECK(s.benchmarks[1].vm.repetitions == 4);
  CHECK(s.benchmarks[1].vm.primary_metric == "count");
  for (size_t i : {2, 3}) {  // both matrix points
    const auto& vm = s.benchmarks[i].vm;
    REQUIRE(vm.adaptive);
    CHECK(vm.adaptive->min == 10);
    CHECK(vm.adaptive->criterion == AdaptiveRepetitions::Criterion::rsd);
    CHECK(vm.repetitions == 20);
    CHECK(vm.primary_metric == "vm.end_to_end");
  }
  // Parameter types travel with the benchmark (summary.json writes typed params).
  CHECK(s.benchmarks[2].param_types.at("n") == FCB_PARAM_INT);
  CHECK(s.benchmarks[2].param_types.at("method") == FCB_PARAM_STRING);
}

TEST_CASE("config: malformed adaptive repetitions fail at their file:line:col",
          "[unit][config][errors]") {
  // suite.yaml line 3 is "    repetitions: {...}": the mapping starts at column 18.
  CHECK_THAT(error_of(one("{min: 1, max: 5, target_ci: 2%}")),
             StartsWith("suite.yaml:3:24: ") && Contains("'min' must be between 2 and 1000000"));
  CHECK_THAT(error_of(one("{min: 5, max: 4, target_ci: 2%}")),
             StartsWith("suite.yaml:3:32: ") && Contains("'max' (4) must be at least 'min' (5)"));
  CHECK_THAT(error_of(one("{min: 5, max: 9}")), StartsWith("suite.yaml:3:18: ") &&
                                                    Contains("need 'target_ci'") &&
                                                    Contains("or 'target_rsd'"));
  CHECK_THAT(
      error_of(one("{min: 5, max: 9, target_ci: 2%, target_rsd: 3%}")),
      StartsWith("suite.yaml:3:18: ") && Contains("one of 'target_ci' and 'target_rsd', not both"));
  CHECK_THAT(error_of(one("{max: 9, target_ci: 2%}")),
             StartsWith("suite.yaml:3:18: ") && Contains("need 'min'"));
  CHECK_THAT(error_of(one("{min: 3, target_ci: 2%}")),
             StartsWith("suite.yaml:3:18: ") && Contains("need 'max'"));
  CHECK_THAT(error_of(one("{min: 3, max: 9, target_ci: 2}")),
             StartsWith("suite.yaml:3:46: ") &&
                 Contains("'target_ci' must be a percentage such as 2% or a fraction such as "
                          "0.02") &&
                 Contains("got '2'"));
  CHECK_THAT(error_of(one("{min: 3, max: 9, target_rsd: 120%}")),
             StartsWith("suite.yaml:3:47: ") && Contains("'target_rsd' must be a percentage"));
  CHECK_THAT(error_of(one("{min: 3, max: 9, target_ci: 2%, until: 5}")),
             StartsWith("suite.yaml:3:50: ") && Contains("unknown key 'until' in repetitions"));
  CHECK_THAT(error_of(one("{min: three, max: 9, target_ci: 2%}")),
             StartsWith("suite.yaml:3:24: ") && Contains("'min' must be an integer"));
  CHECK_THAT(error_of(one("[5, 50]")),
             StartsWith("suite.yaml:3:18: ") &&
                 Contains("'repetitions' must be a count, or a mapping {min, max"));
  CHECK_THAT(error_of("defaults:\n  repetitions: {min: 3, max: 2, target_ci: 1%}\n"
                      "benchmarks:\n  - plugin: prime\n"),
             StartsWith("suite.yaml:2:30: ") && Contains("'max' (2) must be at least"));
}

TEST_CASE("config: primary_metric must name a metric, and vm.* ones are checked here",
          "[unit][config][errors]") {
  for (const char* m : {"vm.end_to_end", "vm.time_to_payload", "vm.payload", "runtime"}) {
    INFO(m);
    Suite s = parse(std::string("benchmarks:\n  - plugin: prime\n    primary_metric: ") + m + "\n");
    CHECK(s.benchmarks[0].vm.primary_metric == m);
  }
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    primary_metric: vm.boot\n"),
             StartsWith("suite.yaml:3:21: ") &&
                 Contains("unknown metric 'vm.boot' (the vm.* metrics are vm.end_to_end"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    primary_metric: [a, b]\n"),
             StartsWith("suite.yaml:3:21: ") && Contains("'primary_metric' must be a single"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    primary_metric: \"\"\n"),
             StartsWith("suite.yaml:3:21: ") && Contains("must name a metric"));
}
