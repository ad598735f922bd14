// Suite keys for Firecracker: firecracker_mode and the jailer block.
#include <catch2/catch.hpp>

#include "config/suite_loader.hpp"
#include "plugin/registry.hpp"
#include "util/error.hpp"

using Catch::Matchers::Contains;
using fcbench::ConfigError;
using fcbench::config::LoadOptions;
using fcbench::config::parse_suite;
using fcbench::config::Suite;
using fcbench::plugin::Registry;

namespace {

const Registry& plugins() {
  static const Registry r = Registry::discover({FCBENCH_BUILD_PLUGIN_DIR});
  return r;
}

LoadOptions fc() {
  LoadOptions o;
  o.vmms = {"qemu", "firecracker"};
  return o;
}

Suite parse(const std::string& yaml) {
  return parse_suite(yaml, "suite.yaml", plugins(), fc());
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  return "";
}

}  // namespace

TEST_CASE("firecracker: firecracker_mode defaults to api and is inherited", "[unit][firecracker]") {
  Suite s = parse(R"(
defaults: {vmm: firecracker, firecracker_mode: config-file}
benchmarks:
  - plugin: boot
  - plugin: prime
    firecracker_mode: api
)");
  REQUIRE(s.benchmarks.size() == 2);
  CHECK(s.benchmarks[0].vm.vmm == "firecracker");
  CHECK(s.benchmarks[0].vm.firecracker_mode == "config-file");
  CHECK(s.benchmarks[1].vm.firecracker_mode == "api");
  CHECK(parse("benchmarks: [{plugin: boot}]").benchmarks[0].vm.firecracker_mode == "api");
  CHECK_FALSE(parse("benchmarks: [{plugin: boot}]").benchmarks[0].vm.jailer);
}

TEST_CASE("firecracker: a bad firecracker_mode is reported at its value", "[unit][firecracker]") {
  CHECK(error_of("benchmarks:\n  - plugin: boot\n    firecracker_mode: socket\n") ==
        "suite.yaml:3:23: firecracker_mode must be api or config-file, got 'socket'");
}

TEST_CASE("firecracker: the jailer block is read with its defaults", "[unit][firecracker]") {
  Suite s = parse(R"(
defaults:
  vmm: firecracker
  jailer: {uid: 123, gid: 100}
benchmarks:
  - plugin: boot
  - plugin: prime
    jailer: {uid: 1000, gid: 1001, chroot_base: /tmp/j, cgroup_version: 1, cpuset_cpus: "0,2-3"}
  - name: unjailed
    plugin: boot
    jailer: ~
)");
  REQUIRE(s.benchmarks.size() == 3);
  auto& j0 = s.benchmarks[0].vm.jailer;
  REQUIRE(j0);
  CHECK(j0->uid == 123);
  CHECK(j0->gid == 100);
  CHECK(j0->chroot_base == "/srv/jailer");
  CHECK(j0->cgroup_version == 2);
  CHECK(j0->cpuset_cpus.empty());
  auto& j1 = s.benchmarks[1].vm.jailer;
  REQUIRE(j1);
  CHECK(j1->uid == 1000);
  CHECK(j1->chroot_base == "/tmp/j");
  CHECK(j1->cgroup_version == 1);
  CHECK(j1->cpuset_cpus == "0,2-3");
  CHECK_FALSE(s.benchmarks[2].vm.jailer);
}

TEST_CASE("firecracker: jailer errors carry file:line:col", "[unit][firecracker]") {
  CHECK(error_of("benchmarks:\n  - plugin: boot\n    jailer: {gid: 1}\n") ==
        "suite.yaml:3:13: jailer is missing required key 'uid'");
  CHECK(error_of("benchmarks:\n  - plugin: boot\n    jailer: {uid: 1, gid: 1, user: x}\n") ==
        "suite.yaml:3:30: unknown key 'user' in jailer (allowed: cgroup_version, chroot_base, "
        "cpuset_cpus, gid, uid)");
  CHECK(error_of("benchmarks:\n  - plugin: boot\n    jailer: {uid: -1, gid: 1}\n") ==
        "suite.yaml:3:19: 'uid' must be between 0 and 4294967294");
  CHECK(error_of(
            "benchmarks:\n  - plugin: boot\n    jailer: {uid: 1, gid: 1, cgroup_version: 3}\n") ==
        "suite.yaml:3:46: 'cgroup_version' must be between 1 and 2");
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: boot\n    jailer: {uid: 1, gid: 1, chroot_base: rel}\n"),
      Contains("suite.yaml:3:43: 'chroot_base' must be an absolute directory"));
  CHECK_THAT(
      error_of("benchmarks:\n  - plugin: boot\n    jailer: {uid: 1, gid: 1, cpuset_cpus: all}\n"),
      Contains("suite.yaml:3:43: 'cpuset_cpus' must be a CPU list"));
  CHECK_THAT(error_of("benchmarks:\n  - plugin: boot\n    jailer: [1, 2]\n"),
             Contains("suite.yaml:3:13: 'jailer' must be a mapping"));
}

TEST_CASE("firecracker: vmm firecracker is accepted where the caller can run it",
          "[unit][firecracker]") {
  CHECK_THROWS_AS(
      parse_suite("benchmarks: [{plugin: boot, vmm: firecracker}]", "s.yaml", plugins()),
      ConfigError);
  CHECK(parse("benchmarks: [{plugin: boot, vmm: firecracker}]").benchmarks[0].vm.vmm ==
        "firecracker");
}
