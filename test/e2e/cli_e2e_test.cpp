// The fcbench CLI without booting guests: exit codes, usage errors, and the
// host commands against a fake host (FCBENCH_SYSFS_ROOT and a private cache,
// never the real /sys or the real cache's journal).
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "../fixtures/host_fixture.hpp"
#include "../fixtures/test_support.hpp"
#include "e2e_support.hpp"
#include "host/journal.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using Fixture = fcbench::test::HostFixture;
using fcbench::e2e::fcbench_cmd;
using fcbench::e2e::Sandbox;
using fcbench::test::dead_pid;
using fcbench::test::FakeHost;
using fcbench::test::kControl;
using fcbench::test::leave_crashed_run;
using fcbench::test::ScopedEnv;
namespace host = fcbench::host;
namespace fs = std::filesystem;

TEST_CASE("workload cli: generate writes a file, and bad specs exit 2", "[e2e][cli]") {
  Sandbox dir;
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

TEST_CASE("host: `fcbench host status` shows the settings and a pending journal",
          "[e2e][cli][host]") {
  FakeHost h;
  h.smt_control = "notsupported";
  h.cpufreq = false;
  h.turbo = FakeHost::Turbo::none;
  Fixture f(h);
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto r = fcbench_cmd({"host", "status"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("notsupported") && Contains("unavailable (no cpufreq)") &&
                           Contains("journal    none"));
  host::Journal j = host::journal_for(f.sys, {{"turbo", "/x", "0", "1"}});  // live: this process
  REQUIRE(host::create_journal(f.journal(), j));
  r = fcbench_cmd({"host", "status"});
  CHECK_THAT(r.output, Contains("pid " + std::to_string(::getpid()) + " (running)"));
}

TEST_CASE("host: any fcbench command restores a crashed run's settings", "[e2e][cli][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  leave_crashed_run(f, dead_pid());
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto r = fcbench_cmd({"plugins", "list"});
  INFO(r.output);
  CHECK_THAT(r.output, Contains("ended without restoring the host settings"));
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: `fcbench host restore --force` restores a live owner's journal",
          "[e2e][cli][host]") {
  Fixture f;
  host::Journal j = host::journal_for(f.sys, {{"smt", kControl, "on", "off"}});
  REQUIRE(host::create_journal(f.journal(), j));
  f.fake.write(kControl, "off");
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto r = fcbench_cmd({"host", "restore"});
  CHECK(r.exit_code == 1);
  CHECK(f.fake.read(kControl) == "off");
  r = fcbench_cmd({"host", "restore", "--force"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(f.fake.read(kControl) == "on");
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: `fcbench run --strict-host` refuses with exit 2 before building anything",
          "[e2e][cli][host]") {
  FakeHost h;
  h.smt_control = "notsupported";
  Fixture f(h);
  auto before = f.fake.snapshot();
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto suite = f.tmp.path() / "suite.yaml";
  std::ofstream(suite) << "benchmarks:\n  - plugin: boot\n";
  auto out = f.tmp.path() / "out";
  auto r = fcbench_cmd({"run", suite.string(), "-o", out.string(), "--smt", "off", "--governor",
                        "performance", "--strict-host"});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--strict-host") && Contains("notsupported"));
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: bad host flag values are usage errors", "[e2e][cli][host]") {
  Fixture f;
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto suite = f.tmp.path() / "suite.yaml";
  std::ofstream(suite) << "benchmarks:\n  - plugin: boot\n";
  auto r = fcbench_cmd({"run", suite.string(), "--smt", "maybe"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--smt must be on, off or keep"));
  r = fcbench_cmd({"run", suite.string(), "--governor", "no such"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--governor"));
}

TEST_CASE("pinning: bad --cpuset values are usage errors", "[e2e][cli][host]") {
  Fixture f;
  ScopedEnv root("FCBENCH_SYSFS_ROOT", f.fake.root().c_str());
  auto suite = f.tmp.path() / "suite.yaml";
  std::ofstream(suite) << "benchmarks:\n  - plugin: boot\n";
  auto r = fcbench_cmd({"run", suite.string(), "--pin", "--cpuset", "x"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--cpuset must be a CPU list"));
  r = fcbench_cmd(
      {"run", suite.string(), "-o", (f.tmp / "out").string(), "--pin", "--cpuset", "4000"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("none of these CPUs is usable here"));
}
