// Suite configuration: YAML text → validated Suite, and every error path
// with its "file:line:col:" prefix.
#include <catch2/catch.hpp>
#include <string>

#include "../fixtures/test_support.hpp"
#include "config/suite_loader.hpp"
#include "plugin/registry.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fcbench::ConfigError;
using fcbench::config::LoadOptions;
using fcbench::config::parse_suite;
using fcbench::config::Suite;
using fcbench::plugin::Registry;

namespace {

// The built-in plugins plus the sleeper fixture (the only float parameter).
const Registry& plugins() {
  static const Registry r =
      Registry::discover({FCBENCH_BUILD_PLUGIN_DIR, FCBENCH_FIXTURE_PLUGIN_DIR});
  return r;
}

Suite parse(const std::string& yaml, const LoadOptions& opt = {}) {
  return parse_suite(yaml, "suite.yaml", plugins(), opt);
}

// The ConfigError message for `yaml`; fails the test if it parses.
std::string error_of(const std::string& yaml, const LoadOptions& opt = {}) {
  try {
    parse(yaml, opt);
  } catch (const ConfigError& e) {
    CHECK(e.exit_code == 2);
    return e.what();
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  return "";
}

}  // namespace

TEST_CASE("config: the registry used here holds the built-in plugins", "[unit][config]") {
  REQUIRE(plugins().find("prime"));
  REQUIRE(plugins().find("dd"));
  REQUIRE(plugins().find("stream"));
  REQUIRE(plugins().find("sleeper"));
}

TEST_CASE("config: built-in defaults apply when a suite sets none", "[unit][config]") {
  Suite s = parse_suite("benchmarks:\n  - plugin: boot\n", "some/dir/my-suite.yaml", plugins());
  CHECK(s.name == "my-suite");
  CHECK(s.file == "some/dir/my-suite.yaml");
  REQUIRE(s.benchmarks.size() == 1);
  const auto& b = s.benchmarks[0];
  CHECK(b.name == "boot");
  CHECK(b.plugin == "boot");
  CHECK(b.params.empty());
  CHECK(b.vm.vmm == "qemu");
  CHECK(b.vm.accel == "auto");
  CHECK(b.vm.vcpus == 1);
  CHECK(b.vm.mem_mib == 256);
  CHECK(b.vm.repetitions == 1);
  CHECK(b.vm.timeout_s == Approx(120));
  CHECK(b.vm.kernel.empty());
  CHECK(b.where.str() == "some/dir/my-suite.yaml:2:5");
}

TEST_CASE("config: suite defaults, per-benchmark overrides and plugin defaults", "[unit][config]") {
  const std::string yaml =
      "name: demo\n"
      "defaults:\n"
      "  vcpus: 2\n"
      "  mem_mib: 512\n"
      "  repetitions: 3\n"
      "  timeout_s: 30.5\n"
      "  accel: tcg\n"
      "benchmarks:\n"
      "  - plugin: prime\n"
      "  - plugin: dd\n"
      "    name: disk\n"
      "    vcpus: 1\n"
      "    repetitions: 5\n"
      "    accel: kvm\n"
      "    timeout_s: 7\n"
      "    params:\n"
      "      size_mib: 8\n";
  Suite s = parse(yaml);
  CHECK(s.name == "demo");
  CHECK(s.sha256 == fcbench::sha256_hex(yaml));
  CHECK(s.defaults.vcpus == 2);
  CHECK(s.defaults.mem_mib == 512);
  CHECK(s.defaults.repetitions == 3);
  CHECK(s.defaults.timeout_s == Approx(30.5));
  CHECK(s.defaults.accel == "tcg");
  REQUIRE(s.benchmarks.size() == 2);

  const auto& prime = s.benchmarks[0];
  CHECK(prime.name == "prime");
  CHECK(prime.vm.vcpus == 2);
  CHECK(prime.vm.mem_mib == 512);
  CHECK(prime.vm.repetitions == 3);
  CHECK(prime.vm.timeout_s == Approx(30.5));
  CHECK(prime.vm.accel == "tcg");
  CHECK(prime.params == fcbench::config::ParamMap{{"n", "3000000"}, {"method", "trial"}});
  CHECK(prime.where.str() == "suite.yaml:9:5");

  const auto& disk = s.benchmarks[1];
  CHECK(disk.name == "disk");
  CHECK(disk.plugin == "dd");
  CHECK(disk.vm.vcpus == 1);
  CHECK(disk.vm.mem_mib == 512);  // inherited
  CHECK(disk.vm.repetitions == 5);
  CHECK(disk.vm.accel == "kvm");
  CHECK(disk.vm.timeout_s == Approx(7));
  CHECK(disk.params ==
        fcbench::config::ParamMap{{"size_mib", "8"}, {"block_kib", "1024"}, {"direct", "false"}});
  CHECK(disk.where.str() == "suite.yaml:10:5");
}

TEST_CASE("config: a benchmark's one VM setting after its other keys still applies",
          "[unit][config]") {
  Suite s = parse(
      "benchmarks:\n"
      "  - plugin: prime\n"
      "  - plugin: prime\n"
      "    name: big\n"
      "    params: {n: 2}\n"
      "    mem_mib: 1024\n"
      "  - plugin: prime\n"
      "    name: one\n"
      "    primary_metric: vm.end_to_end\n");
  REQUIRE(s.benchmarks.size() == 3);
  CHECK(s.benchmarks[0].vm.mem_mib == fcbench::config::kDefaultMemMib);
  CHECK(s.benchmarks[1].vm.mem_mib == 1024);
  CHECK(s.benchmarks[2].vm.primary_metric == "vm.end_to_end");
  CHECK(s.benchmarks[2].vm.mem_mib == fcbench::config::kDefaultMemMib);
}

TEST_CASE("config: a vmm outside LoadOptions is refused, one inside accepted", "[unit][config]") {
  const std::string yaml = "benchmarks:\n  - plugin: boot\n    vmm: firecracker\n";
  CHECK_THAT(error_of(yaml), StartsWith("suite.yaml:3:10: ") &&
                                 Contains("unknown vmm 'firecracker' (available: qemu)"));
  LoadOptions both;
  both.vmms = {"qemu", "firecracker"};
  CHECK(parse(yaml, both).benchmarks.at(0).vm.vmm == "firecracker");
}

TEST_CASE("config: parameter values are canonicalised by type", "[unit][config]") {
  SECTION("int: sign and leading zeros are dropped") {
    Suite s = parse("benchmarks:\n  - plugin: prime\n    params:\n      n: +0100\n");
    CHECK(s.benchmarks.at(0).params.at("n") == "100");
  }
  SECTION("int: a quoted number is still a number") {
    Suite s = parse("benchmarks:\n  - plugin: prime\n    params:\n      n: \"42\"\n");
    CHECK(s.benchmarks.at(0).params.at("n") == "42");
  }
  SECTION("float: an integral value, a decimal and an exponent") {
    Suite s = parse(
        "benchmarks:\n"
        "  - plugin: sleeper\n"
        "    name: a\n"
        "    params: {seconds: 2}\n"
        "  - plugin: sleeper\n"
        "    name: b\n"
        "    params: {seconds: 0.25}\n"
        "  - plugin: sleeper\n"
        "    name: c\n"
        "    params: {seconds: 1e-3}\n");
    REQUIRE(s.benchmarks.size() == 3);
    CHECK(s.benchmarks[0].params.at("seconds") == "2");
    CHECK(s.benchmarks[1].params.at("seconds") == "0.25");
    CHECK(s.benchmarks[2].params.at("seconds") == "1e-3");
    CHECK(s.benchmarks[0].params.at("message") == "hello");
    CHECK(s.benchmarks[0].params.at("exit_code") == "0");
  }
  SECTION("bool: yes/no, on/off and capitalised forms") {
    auto direct = [](const std::string& v) {
      return parse("benchmarks:\n  - plugin: dd\n    params:\n      direct: " + v + "\n")
          .benchmarks.at(0)
          .params.at("direct");
    };
    CHECK(direct("yes") == "true");
    CHECK(direct("no") == "false");
    CHECK(direct("on") == "true");
    CHECK(direct("off") == "false");
    CHECK(direct("True") == "true");
    CHECK(direct("FALSE") == "false");
    CHECK(direct("true") == "true");
  }
  SECTION("string: kept as written") {
    Suite s = parse("benchmarks:\n  - plugin: prime\n    params:\n      method: sieve\n");
    CHECK(s.benchmarks.at(0).params.at("method") == "sieve");
  }
}

TEST_CASE("config: list values expand into one benchmark per combination", "[unit][config]") {
  SECTION("two axes, first axis varying slowest") {
    Suite s = parse(
        "benchmarks:\n"
        "  - plugin: prime\n"
        "    params:\n"
        "      n: [10, 20]\n"
        "      method: [trial, sieve]\n");
    REQUIRE(s.benchmarks.size() == 4);
    CHECK(s.benchmarks[0].name == "prime[n=10,method=trial]");
    CHECK(s.benchmarks[1].name == "prime[n=10,method=sieve]");
    CHECK(s.benchmarks[2].name == "prime[n=20,method=trial]");
    CHECK(s.benchmarks[3].name == "prime[n=20,method=sieve]");
    CHECK(s.benchmarks[3].params == fcbench::config::ParamMap{{"n", "20"}, {"method", "sieve"}});
    for (const auto& b : s.benchmarks) {
      CHECK(b.plugin == "prime");
      CHECK(b.where.str() == "suite.yaml:2:5");
    }
  }
  SECTION("a one-element list and a scalar do not appear in the label") {
    Suite s = parse(
        "benchmarks:\n"
        "  - plugin: prime\n"
        "    name: cpu\n"
        "    params:\n"
        "      n: [10]\n"
        "      method: [trial, sieve]\n");
    REQUIRE(s.benchmarks.size() == 2);
    CHECK(s.benchmarks[0].name == "cpu[method=trial]");
    CHECK(s.benchmarks[1].name == "cpu[method=sieve]");
    CHECK(s.benchmarks[0].params.at("n") == "10");
  }
  SECTION("list values are canonicalised too") {
    Suite s = parse("benchmarks:\n  - plugin: dd\n    params:\n      direct: [yes, no]\n");
    REQUIRE(s.benchmarks.size() == 2);
    CHECK(s.benchmarks[0].name == "dd[direct=true]");
    CHECK(s.benchmarks[1].name == "dd[direct=false]");
  }
}

TEST_CASE("config: malformed YAML", "[unit][config][errors]") {
  // yaml-cpp's mark, 1-based, and its reason after "invalid YAML: ".
  CHECK_THAT(error_of("name: x\nbenchmarks: [\n  - plugin: boot\n"),
             StartsWith("suite.yaml:3:3: invalid YAML: ") && Contains("block entry"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    name: a: b\n"),
             StartsWith("suite.yaml:3:12: invalid YAML: ") && Contains("map value"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n\tvcpus: 1\n"),
             StartsWith("suite.yaml:3:1: invalid YAML: ") && Contains("tab"));
}

TEST_CASE("config: the top level must be a mapping with 'benchmarks'", "[unit][config][errors]") {
  CHECK_THAT(error_of(""), StartsWith("suite.yaml:1:1: ") && Contains("the suite is empty"));
  CHECK_THAT(error_of("# only a comment\n"),
             StartsWith("suite.yaml:1:1: ") && Contains("the suite is empty"));
  CHECK_THAT(error_of("- a\n- b\n"),
             StartsWith("suite.yaml:1:1: ") && Contains("a suite must be a mapping"));
  CHECK_THAT(error_of("name: x\n"),
             StartsWith("suite.yaml:1:1: ") && Contains("missing required key 'benchmarks'"));
  CHECK_THAT(error_of("name: x\nbenchmarks: []\n"),
             StartsWith("suite.yaml:2:13: ") && Contains("'benchmarks' must be a non-empty list"));
  CHECK_THAT(error_of("benchmarks:\n  plugin: boot\n"),
             StartsWith("suite.yaml:2:3: ") && Contains("'benchmarks' must be a non-empty list"));
  CHECK_THAT(error_of("name: [a, b]\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:1:7: ") && Contains("'name' must be a single value"));
  CHECK_THAT(error_of("defaults: 3\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:1:11: ") && Contains("'defaults' must be a mapping"));
}

TEST_CASE("config: unknown keys are named with the allowed ones", "[unit][config][errors]") {
  CHECK_THAT(
      error_of("name: x\nbogus: 1\nbenchmarks:\n  - plugin: boot\n"),
      StartsWith("suite.yaml:2:1: ") && Contains("unknown key 'bogus' in suite (allowed: "
                                                 "benchmarks, defaults, host, name, workload)"));
  CHECK_THAT(error_of("defaults:\n  cpus: 2\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:3: ") && Contains("unknown key 'cpus' in defaults") &&
                 Contains("vcpus"));
  std::string msg = error_of("benchmarks:\n  - plugin: boot\n    vcpu: 2\n");
  CHECK_THAT(msg, StartsWith("suite.yaml:3:5: ") && Contains("unknown key 'vcpu' in benchmark"));
  CHECK_THAT(msg, Contains("params") && Contains("plugin") && Contains("vcpus"));
  // 'params' and 'plugin' belong to a benchmark, not to the defaults.
  CHECK_THAT(error_of("defaults:\n  plugin: boot\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:3: ") && Contains("unknown key 'plugin' in defaults"));
}

TEST_CASE("config: VM settings of the wrong type", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    vcpus: \"abc\"\n"),
             StartsWith("suite.yaml:3:12: ") && Contains("'vcpus' must be an integer, got 'abc'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    vcpus: 1.5\n"),
             StartsWith("suite.yaml:3:12: ") && Contains("'vcpus' must be an integer, got '1.5'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    vcpus: [1, 2]\n"),
             StartsWith("suite.yaml:3:12: ") && Contains("'vcpus' must be a single value"));
  CHECK_THAT(
      error_of("defaults:\n  timeout_s: soon\nbenchmarks:\n  - plugin: boot\n"),
      StartsWith("suite.yaml:2:14: ") && Contains("'timeout_s' must be a number, got 'soon'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    timeout_s: .nan\n"),
             StartsWith("suite.yaml:3:16: ") && Contains("'timeout_s' must be a number"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    mem_mib: 99999999999999999999999\n"),
             StartsWith("suite.yaml:3:14: ") && Contains("'mem_mib' must be an integer"));
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: boot\n    accel: hvf\n"),
      StartsWith("suite.yaml:3:12: ") && Contains("accel must be auto, kvm or tcg, got 'hvf'"));
}

TEST_CASE("config: VM settings out of range", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    vcpus: 0\n"),
             StartsWith("suite.yaml:3:12: ") && Contains("'vcpus' must be between 1 and 32"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    vcpus: 33\n"),
             StartsWith("suite.yaml:3:12: ") && Contains("'vcpus' must be between 1 and 32"));
  CHECK_THAT(
      error_of("defaults:\n  mem_mib: 32\nbenchmarks:\n  - plugin: boot\n"),
      StartsWith("suite.yaml:2:12: ") && Contains("'mem_mib' must be between 64 and 1048576"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    repetitions: 0\n"),
             StartsWith("suite.yaml:3:18: ") && Contains("'repetitions' must be between 1 and"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    timeout_s: 0\n"),
             StartsWith("suite.yaml:3:16: ") && Contains("'timeout_s' must be in (0, 604800]"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    timeout_s: -2.5\n"),
             StartsWith("suite.yaml:3:16: ") && Contains("'timeout_s' must be in (0, 604800]"));
  // The bounds themselves are accepted.
  Suite s = parse("benchmarks:\n  - plugin: boot\n    vcpus: 32\n    mem_mib: 64\n");
  CHECK(s.benchmarks.at(0).vm.vcpus == 32);
  CHECK(s.benchmarks.at(0).vm.mem_mib == 64);
}

TEST_CASE("config: benchmark entries must be mappings naming a plugin", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - prime\n"),
             StartsWith("suite.yaml:2:5: ") && Contains("each benchmark must be a mapping"));
  CHECK_THAT(error_of("benchmarks:\n  - name: lonely\n"),
             StartsWith("suite.yaml:2:5: ") && Contains("missing required key 'plugin'"));
}

TEST_CASE("config: unknown plugin lists the available ones", "[unit][config][errors]") {
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: nope\n"),
      StartsWith("suite.yaml:2:13: ") &&
          Contains("unknown plugin 'nope' (available: boot, dd, hostsum, memhog, poweroff, prime, "
                   "sleeper, stream)"));
}

TEST_CASE("config: unknown plugin says why a same-named library failed to load",
          "[unit][config][errors]") {
  Registry with_broken = Registry::discover({FCBENCH_BUILD_PLUGIN_DIR, FCBENCH_BROKEN_PLUGIN_DIR});
  try {
    parse_suite("benchmarks:\n  - plugin: bad_major\n", "suite.yaml", with_broken);
    FAIL("bad_major was accepted");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), StartsWith("suite.yaml:2:13: ") &&
                             Contains("unknown plugin 'bad_major'") &&
                             Contains("a library failed to load") && Contains("ABI major version"));
  }
}

TEST_CASE("config: unknown parameter lists the known ones", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      m: 3\n"),
             StartsWith("suite.yaml:4:7: ") &&
                 Contains("unknown parameter 'm' for plugin 'prime' (known: n, method)"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    params: {x: 1}\n"),
             StartsWith("suite.yaml:3:14: ") && Contains("(known: none)"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params: [n, 3]\n"),
             StartsWith("suite.yaml:3:13: ") && Contains("'params' must be a mapping"));
}

TEST_CASE("config: parameter values of the wrong type", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: abc\n"),
             StartsWith("suite.yaml:4:10: ") && Contains("'n' must be an integer, got 'abc'"));
  // The bad element of a list is the one blamed.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: [10, x]\n"),
             StartsWith("suite.yaml:4:15: ") && Contains("'n' must be an integer, got 'x'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: sleeper\n    params:\n      seconds: soon\n"),
             StartsWith("suite.yaml:4:16: ") && Contains("'seconds' must be a number, got 'soon'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: dd\n    params:\n      direct: maybe\n"),
             StartsWith("suite.yaml:4:15: ") &&
                 Contains("parameter 'direct' must be true or false, got 'maybe'"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: {a: 1}\n"),
             StartsWith("suite.yaml:4:10: ") &&
                 Contains("parameter 'n' must be a single int value or a list"));
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: [[10]]\n"),
      StartsWith("suite.yaml:4:11: ") && Contains("parameter 'n' must be a single int value"));
}

TEST_CASE("config: an empty parameter list", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: []\n"),
             StartsWith("suite.yaml:4:10: ") && Contains("parameter 'n' has an empty list"));
}

TEST_CASE("config: duplicate benchmark names", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n  - plugin: prime\n"),
             StartsWith("suite.yaml:3:5: ") &&
                 Contains("duplicate benchmark name 'prime'; give each a distinct 'name'"));
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: boot\n    name: x\n  - plugin: prime\n    name: x\n"),
      StartsWith("suite.yaml:4:5: ") && Contains("duplicate benchmark name 'x'"));
  // Values that canonicalise to the same text collide within one matrix.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: [10, 010]\n"),
             StartsWith("suite.yaml:2:5: ") && Contains("duplicate benchmark name 'prime[n=10]'"));
  // A matrix label can collide with an explicit name.
  CHECK_THAT(error_of("benchmarks:\n"
                      "  - plugin: prime\n"
                      "    name: \"prime[n=10]\"\n"
                      "  - plugin: prime\n"
                      "    params:\n"
                      "      n: [10, 20]\n"),
             StartsWith("suite.yaml:4:5: ") && Contains("duplicate benchmark name 'prime[n=10]'"));
}

TEST_CASE("config: parameters the plugin rejects", "[unit][config][errors]") {
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params:\n      n: 1\n"),
             StartsWith("suite.yaml:4:7: ") &&
                 Contains("invalid parameters for plugin 'prime': parameter n must be in [2, "));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params: {method: bogo}\n"),
             StartsWith("suite.yaml:3:13: ") && Contains("invalid parameters for plugin 'prime'") &&
                 Contains("'bogo'"));
  // One bad point of a matrix is enough.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: dd\n    params:\n      block_kib: [1024, 3]\n"),
             StartsWith("suite.yaml:4:7: ") && Contains("invalid parameters for plugin 'dd'") &&
                 Contains("block_kib"));
}

TEST_CASE("config: memory below a plugin's requirement", "[unit][config][errors]") {
  // stream keeps three arrays of doubles: 3*8*10e6 bytes is 228 MiB, plus 64.
  const std::string big = "benchmarks:\n  - plugin: stream\n    params: {array_size: 10000000}\n";
  CHECK_THAT(error_of(big), StartsWith("suite.yaml:2:5: ") &&
                                Contains("benchmark 'stream' needs at least 292 MiB of memory "
                                         "(mem_mib is 256)"));
  Suite s = parse(big + "    mem_mib: 292\n");
  CHECK(s.benchmarks.at(0).vm.mem_mib == 292);
}

TEST_CASE("config: kernel paths resolve against the suite file", "[unit][config]") {
  const std::string dir = FCBENCH_TEST_DATA_DIR "/config";
  SECTION("an existing relative path becomes absolute") {
    Suite s = parse_suite("benchmarks:\n  - plugin: boot\n    kernel: dummy-kernel\n",
                          dir + "/inline.yaml", plugins());
    CHECK(s.benchmarks.at(0).vm.kernel == dir + "/dummy-kernel");
  }
  SECTION("a missing kernel is an error at the value") {
    CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    kernel: no-such-kernel\n"),
               StartsWith("suite.yaml:3:13: ") && Contains("no-such-kernel' does not exist"));
  }
}

TEST_CASE("config: load_suite reads a file and reports its path", "[unit][config]") {
  const std::string dir = FCBENCH_TEST_DATA_DIR "/config";
  SECTION("a valid suite") {
    Suite s = fcbench::config::load_suite(dir + "/valid.yaml", plugins());
    CHECK(s.name == "valid");
    CHECK(s.sha256 == fcbench::Sha256().add_file(dir + "/valid.yaml").hex());
    REQUIRE(s.benchmarks.size() == 3);
    CHECK(s.benchmarks[0].name == "boot");
    CHECK(s.benchmarks[1].name == "cpu[method=trial]");
    CHECK(s.benchmarks[2].name == "cpu[method=sieve]");
    CHECK(s.benchmarks[1].vm.repetitions == 2);
    CHECK(s.benchmarks[0].vm.kernel == dir + "/dummy-kernel");
  }
  SECTION("errors carry the file's own path") {
    try {
      fcbench::config::load_suite(dir + "/unknown-key.yaml", plugins());
      FAIL("unknown-key.yaml was accepted");
    } catch (const ConfigError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), StartsWith(dir + "/unknown-key.yaml:5:5: ") &&
                               Contains("unknown key 'repetiton' in benchmark"));
    }
  }
  SECTION("a missing file is a user error with exit code 2") {
    try {
      fcbench::config::load_suite(dir + "/does-not-exist.yaml", plugins());
      FAIL("a missing file was accepted");
    } catch (const fcbench::UserError& e) {
      CHECK(e.exit_code == 2);
      CHECK_THAT(e.what(), Contains("suite file not found") && Contains("does-not-exist.yaml"));
    }
  }
  SECTION("a directory is not a suite file") {
    CHECK_THROWS_AS(fcbench::config::load_suite(dir, plugins()), fcbench::UserError);
  }
}

TEST_CASE("config: the host block sets SMT, governor, turbo and drop_caches", "[unit][config]") {
  Suite none = parse("benchmarks:\n  - plugin: boot\n");
  CHECK_FALSE(none.host.changes_anything());
  Suite s = parse(
      "host:\n  smt: off\n  governor: performance\n  turbo: on\n  drop_caches: yes\n"
      "benchmarks:\n  - plugin: boot\n");
  CHECK(s.host.smt == fcbench::host::Toggle::off);
  CHECK(s.host.governor == "performance");
  CHECK(s.host.turbo == fcbench::host::Toggle::on);
  CHECK(s.host.drop_caches);
  CHECK_FALSE(s.host.strict);  // only --strict-host sets it
  Suite keep = parse("host: {smt: keep, governor: keep}\nbenchmarks:\n  - plugin: boot\n");
  CHECK(keep.host.smt == fcbench::host::Toggle::keep);
  CHECK(keep.host.governor.empty());
}

TEST_CASE("config: host block errors", "[unit][config][errors]") {
  CHECK_THAT(error_of("host: [smt]\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:1:7: ") && Contains("'host' must be a mapping"));
  CHECK_THAT(error_of("host:\n  hyperthreading: off\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:3: ") && Contains("unknown key 'hyperthreading' in host") &&
                 Contains("cpuset, drop_caches, governor, pin, smt, turbo"));
  CHECK_THAT(error_of("host:\n  smt: sometimes\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:8: ") && Contains("'smt' must be on, off or keep"));
  CHECK_THAT(error_of("host:\n  turbo: 2\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:10: ") && Contains("'turbo' must be on, off or keep"));
  CHECK_THAT(error_of("host:\n  governor: Per Formance\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:13: ") && Contains("governor name"));
  CHECK_THAT(error_of("host:\n  drop_caches: sure\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:16: ") && Contains("'drop_caches' must be true or false"));
  CHECK_THAT(error_of("host:\n  pin: often\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:8: ") && Contains("'pin' must be true or false"));
  CHECK_THAT(error_of("host:\n  cpuset: \"0-\"\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:11: ") && Contains("'cpuset' must be a CPU list"));
  CHECK_THAT(error_of("host:\n  cpuset: all\nbenchmarks:\n  - plugin: boot\n"),
             StartsWith("suite.yaml:2:11: ") && Contains("got 'all'"));
}

TEST_CASE("config: the host block sets pin and cpuset", "[unit][config]") {
  Suite none = parse("benchmarks:\n  - plugin: boot\n");
  CHECK_FALSE(none.host.pin);
  CHECK(none.host.cpuset.empty());
  Suite s = parse("host:\n  pin: true\n  cpuset: \"3,0-1\"\nbenchmarks:\n  - plugin: boot\n");
  CHECK(s.host.pin);
  CHECK(s.host.cpuset == "0-1,3");
  CHECK_FALSE(s.host.changes_anything());  // pinning writes no host file
}

TEST_CASE("config: a key given twice is refused, naming the first, at any depth",
          "[unit][config]") {
  // yaml-cpp keeps both: a lookup saw the first, so this suite ran once.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    repetitions: 1\n    repetitions: 3\n"),
             StartsWith("suite.yaml:4:5: duplicate key 'repetitions' (first given on line 3)"));
  CHECK_THAT(error_of("name: a\nname: b\nbenchmarks: [{plugin: boot}]\n"),
             StartsWith("suite.yaml:2:1: duplicate key 'name' (first given on line 1)"));
  // Inside params the last one won.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: prime\n    params: {n: 10, n: 20}\n"),
             StartsWith("suite.yaml:3:21: duplicate key 'n' (first given on line 3)"));
  // The same key in two mappings is fine, and an alias is walked once.
  CHECK(parse("defaults: &d {timeout_s: 5}\nbenchmarks:\n  - {plugin: boot, timeout_s: 6}\n"
              "  - {plugin: prime, name: p, timeout_s: 7}\n")
            .benchmarks.size() == 2);
}

TEST_CASE("config: a suite that is not UTF-8 is refused where the bad byte is", "[unit][config]") {
  CHECK_THAT(error_of("name: caf\xc3\xa9\nbenchmarks:\n  - plugin: boot\n    name: b\xff\n"),
             StartsWith("suite.yaml:4:12: not valid UTF-8"));
  CHECK(parse("name: caf\xc3\xa9\nbenchmarks: [{plugin: boot}]\n").name == "caf\xc3\xa9");
  // Without a name, the file's name is the suite's: it must be UTF-8 too.
  CHECK_THROWS_WITH(parse_suite("benchmarks: [{plugin: boot}]\n", "b\xff.yaml", plugins()),
                    Contains("b\xff.yaml:1:1: the suite has no 'name' and its file name is not "
                             "valid UTF-8"));
}

TEST_CASE("config: timeout_s is at most a week, as --timeout-s", "[unit][config]") {
  // 1e10 s overflowed the instance's deadline in ns.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    timeout_s: 1e10\n"),
             StartsWith("suite.yaml:3:16: 'timeout_s' must be in (0, 604800]"));
  CHECK_THAT(error_of("defaults: {timeout_s: 604801}\nbenchmarks: [{plugin: boot}]\n"),
             StartsWith("suite.yaml:1:23: 'timeout_s' must be in (0, 604800]"));
  CHECK(parse("defaults: {timeout_s: 604800}\nbenchmarks: [{plugin: boot}]\n")
            .benchmarks[0]
            .vm.timeout_s == 604800);
}

namespace {

// A suite of `n` prime entries p0, p1, ... (n = 2, 3, ...), three lines each;
// entry `odd` (0-based) is `odd_text` instead.
std::string long_suite(int n, int odd = -1, const std::string& odd_text = "") {
  std::string yaml = "name: long\ndefaults: {vcpus: 1}\nbenchmarks:\n";
  for (int i = 0; i < n; ++i)
    yaml += i == odd ? odd_text
                     : "  - plugin: prime\n    name: p" + std::to_string(i) +
                           "\n    params: {n: " + std::to_string(i + 2) + "}\n";
  return yaml;
}

}  // namespace

TEST_CASE("config: a long benchmarks list loads in chunks, in order, with the file's lines",
          "[unit][config]") {
  Suite s = parse(long_suite(1500) + "host: {smt: keep}\n");
  REQUIRE(s.benchmarks.size() == 1500);
  CHECK(s.benchmarks[0].params.at("n") == "2");
  CHECK(s.benchmarks[1499].params.at("n") == "1501");
  CHECK(s.benchmarks[1499].where.line == 4 + 3 * 1499);
  CHECK(s.benchmarks[1499].where.col == 5);
  CHECK(s.sha256 == fcbench::sha256_hex(long_suite(1500) + "host: {smt: keep}\n"));

  // An error deep in the list names its own line and column.
  CHECK_THAT(error_of(long_suite(1500, 1200, "  - plugin: prime\n    params: {n: x}\n")),
             StartsWith("suite.yaml:3605:17: ") && Contains("'n' must be an integer"));
  CHECK_THAT(error_of(long_suite(1500, 1300, "  - plugin: prime\n    vcpus: 1\n    vcpus: 2\n")),
             StartsWith("suite.yaml:3906:5: ") &&
                 Contains("duplicate key 'vcpus' (first given on line 3905)"));
  // A name given twice, the second far from the first.
  CHECK_THAT(error_of(long_suite(1500, 1400, "  - plugin: prime\n    name: p0\n")),
             StartsWith("suite.yaml:4204:5: ") && Contains("duplicate benchmark name"));
  // Invalid YAML late in the list: the whole text's parser's message.
  CHECK_THAT(error_of(long_suite(1500, 1000, "  - plugin: prime\n    params: {n: [1}\n")),
             StartsWith("suite.yaml:3005:") && Contains("invalid YAML"));
}

TEST_CASE("config: a list that cannot be cut loads whole, aliases included", "[unit][config]") {
  // An alias in the list refers to an anchor outside it.
  Suite s = parse(
      "defaults: {vcpus: &two 2}\n"
      "benchmarks:\n"
      "  - plugin: prime\n"
      "    vcpus: *two\n"
      "  - {plugin: prime, name: other, mem_mib: 512}\n");
  REQUIRE(s.benchmarks.size() == 2);
  CHECK(s.benchmarks[0].vm.vcpus == 2);
  CHECK(s.benchmarks[1].vm.mem_mib == 512);
  // `benchmarks:` twice is refused, not cut.
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\nbenchmarks:\n  - plugin: prime\n"),
             StartsWith("suite.yaml:3:1: ") && Contains("duplicate key 'benchmarks'"));
  // A quoted scalar that spans a line reading `benchmarks:` is not the list.
  Suite q = parse("name: \"a\nbenchmarks:\n  - b\"\nbenchmarks:\n  - plugin: boot\n");
  CHECK(q.name == "a benchmarks: - b");
  REQUIRE(q.benchmarks.size() == 1);
}
