// host/: SMT, governor, turbo and drop_caches against a fake sysfs tree;
// warnings, --strict-host, the journal and crash recovery.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../fixtures/fake_sysfs.hpp"
#include "../fixtures/test_support.hpp"
#include "host/fingerprint.hpp"
#include "host/journal.hpp"
#include "host/session.hpp"
#include "host/settings.hpp"
#include "host/sysfs.hpp"
#include "host/tuner.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

using Catch::Matchers::Contains;
using fcbench::test::FakeHost;
using fcbench::test::FakeSysfs;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace host = fcbench::host;
namespace fs = std::filesystem;

namespace {

const std::string kCpu = "/sys/devices/system/cpu";
const std::string kControl = kCpu + "/smt/control";
std::string gov(int cpu) {
  return kCpu + "/cpu" + std::to_string(cpu) + "/cpufreq/scaling_governor";
}
std::string online(int cpu) {
  return kCpu + "/cpu" + std::to_string(cpu) + "/online";
}

// A fake host in a temp dir, with the cache (where journals go) beside it.
struct Fixture {
  TempDir tmp;
  ScopedEnv cache{"FCBENCH_CACHE", (tmp.path() / "cache").c_str()};
  FakeSysfs fake;
  host::Sysfs sys;
  explicit Fixture(const FakeHost& h = {}) : fake(tmp.path() / "root", h), sys(fake.root()) {}
  fs::path journal() const { return host::journal_path(sys); }
};

host::Settings settings(host::Toggle smt, std::string governor = "",
                        host::Toggle turbo = host::Toggle::keep) {
  host::Settings s;
  s.smt = smt;
  s.governor = std::move(governor);
  s.turbo = turbo;
  return s;
}

bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
  for (auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

// A pid that is certainly dead: a child that exited and was reaped.
pid_t dead_pid() {
  pid_t p = ::fork();
  if (p == 0) ::_exit(0);
  ::waitpid(p, nullptr, 0);
  return p;
}

}  // namespace

TEST_CASE("host: sysfs resolves host paths under FCBENCH_SYSFS_ROOT", "[unit][host]") {
  TempDir tmp;
  {
    ScopedEnv root("FCBENCH_SYSFS_ROOT", tmp.path().c_str());
    host::Sysfs sys;
    CHECK(sys.redirected());
    CHECK(sys.at("/sys/devices/system/cpu/smt/control") ==
          tmp.path() / "sys/devices/system/cpu/smt/control");
  }
  {
    ScopedEnv root("FCBENCH_SYSFS_ROOT", nullptr);
    CHECK_FALSE(host::Sysfs().redirected());
    CHECK(host::Sysfs().at("/proc/sys/vm/drop_caches") == "/proc/sys/vm/drop_caches");
  }
}

TEST_CASE("host: sysfs reads trimmed, never creates files, says why it cannot write",
          "[unit][host]") {
  TempDir tmp;
  FakeSysfs fake(tmp.path());
  host::Sysfs sys(tmp.path());
  CHECK(sys.read(kControl) == "on");
  CHECK_FALSE(sys.read("/sys/nope"));
  CHECK(sys.write(kControl, "off").empty());
  CHECK(fake.read(kControl) == "off");
  CHECK(fcbench::read_file(fake.at(kControl)) == "off\n");
  CHECK_FALSE(sys.write("/sys/nope", "1").empty());
  CHECK_FALSE(fake.exists("/sys/nope"));
  CHECK(sys.why_not_writable(kControl).empty());
  CHECK(sys.why_not_writable("/sys/nope") == "missing");
  fake.make_read_only(kControl);
  CHECK(sys.why_not_writable(kControl) == "read-only");
}

TEST_CASE("host: CPU lists parse and format like the kernel's", "[unit][host]") {
  CHECK(host::parse_cpu_list("0-3,8,10-11\n") == std::set<int>{0, 1, 2, 3, 8, 10, 11});
  CHECK(host::parse_cpu_list("").empty());
  CHECK(host::format_cpu_list({0, 1, 2, 3, 8, 10, 11}) == "0-3,8,10-11");
  CHECK(host::format_cpu_list({}) == "");
  CHECK_THROWS_AS(host::parse_cpu_list("0-x"), std::invalid_argument);
  CHECK_THROWS_AS(host::parse_cpu_list("3-1"), std::invalid_argument);
}

TEST_CASE("host: settings parse, and command-line values win over the suite's", "[unit][host]") {
  CHECK(host::parse_toggle("on") == host::Toggle::on);
  CHECK(host::parse_toggle("off") == host::Toggle::off);
  CHECK(host::parse_toggle("keep") == host::Toggle::keep);
  CHECK_FALSE(host::parse_toggle("maybe"));
  CHECK(host::parse_governor("performance") == std::string("performance"));
  CHECK(host::parse_governor("keep") == std::string());
  CHECK_FALSE(host::parse_governor("perf ormance"));
  CHECK_FALSE(host::parse_governor(""));
  host::Settings suite = settings(host::Toggle::off, "powersave", host::Toggle::on);
  suite.drop_caches = true;
  host::Overrides cli;
  cli.governor = "performance";
  cli.turbo = host::Toggle::keep;
  cli.strict = true;
  auto m = host::merge(suite, cli);
  CHECK(m.smt == host::Toggle::off);
  CHECK(m.governor == "performance");
  CHECK(m.turbo == host::Toggle::keep);
  CHECK(m.drop_caches);
  CHECK(m.strict);
  CHECK_FALSE(host::Settings{}.changes_anything());
}

TEST_CASE("host: SMT off through smt/control, then restored", "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  {
    host::Session s(f.sys, settings(host::Toggle::off));
    CHECK(s.warnings().empty());
    REQUIRE(s.plan().changes.size() == 1);
    CHECK(s.plan().cpus_in_use == std::set<int>{0, 1});  // 2 and 3 are siblings of 0 and 1
    s.apply();
    CHECK(f.fake.read(kControl) == "off");
    CHECK(fs::exists(f.journal()));
  }
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: SMT on through smt/control, then restored", "[unit][host]") {
  FakeHost h;
  h.smt_control = "off";
  Fixture f(h);
  {
    host::Session s(f.sys, settings(host::Toggle::on));
    s.apply();
    CHECK(f.fake.read(kControl) == "on");
  }
  CHECK(f.fake.read(kControl) == "off");
}

TEST_CASE("host: without smt/control, SMT off offlines the siblings from thread_siblings_list",
          "[unit][host]") {
  FakeHost h;
  h.smt_control = "";
  Fixture f(h);
  auto before = f.fake.snapshot();
  {
    host::Session s(f.sys, settings(host::Toggle::off, "performance"));
    CHECK(s.warnings().empty());
    CHECK(s.plan().cpus_in_use == std::set<int>{0, 1});
    s.apply();
    CHECK(f.fake.read(online(1)) == "1");
    CHECK(f.fake.read(online(2)) == "0");
    CHECK(f.fake.read(online(3)) == "0");
    // The governor is set on the CPUs in use only.
    CHECK(f.fake.read(gov(0)) == "performance");
    CHECK(f.fake.read(gov(1)) == "performance");
    CHECK(f.fake.read(gov(2)) == "powersave");
    auto st = host::read_state(f.sys);
    CHECK(st.smt == "off");
    CHECK(st.offline == std::set<int>{2, 3});
  }
  CHECK(f.fake.snapshot() == before);
}

TEST_CASE("host: without smt/control, SMT on brings offline CPUs back", "[unit][host]") {
  FakeHost h;
  h.smt_control = "";
  Fixture f(h);
  f.fake.write(online(3), "0");
  {
    host::Session s(f.sys, settings(host::Toggle::on));
    CHECK(s.plan().cpus_in_use.count(3));
    s.apply();
    CHECK(f.fake.read(online(3)) == "1");
  }
  CHECK(f.fake.read(online(3)) == "0");
}

TEST_CASE("host: no SMT control and no topology is a warning, nothing changes", "[unit][host]") {
  FakeHost h;
  h.smt_control = "";
  Fixture f(h);
  f.fake.remove(kCpu + "/cpu1/topology/thread_siblings_list");
  auto before = f.fake.snapshot();
  host::Session s(f.sys, settings(host::Toggle::off));
  REQUIRE(s.warnings().size() == 1);
  CHECK_THAT(s.warnings()[0], Contains("thread_siblings_list") && Contains("CPU 1"));
  s.apply();
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: governor on every CPU, then restored", "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  {
    host::Session s(f.sys, settings(host::Toggle::keep, "performance"));
    CHECK(s.warnings().empty());
    CHECK(s.plan().changes.size() == 4);
    s.apply();
    for (int cpu = 0; cpu < 4; ++cpu) CHECK(f.fake.read(gov(cpu)) == "performance");
    CHECK(host::read_state(f.sys).governor() == "performance");
    CHECK(s.describe()["governor"] == "performance");
  }
  CHECK(f.fake.snapshot() == before);
}

TEST_CASE("host: turbo off through intel_pstate/no_turbo, then restored", "[unit][host]") {
  Fixture f;
  {
    host::Session s(f.sys, settings(host::Toggle::keep, "", host::Toggle::off));
    s.apply();
    CHECK(f.fake.read(kCpu + "/intel_pstate/no_turbo") == "1");
    CHECK(host::read_state(f.sys).turbo == "off");
  }
  CHECK(f.fake.read(kCpu + "/intel_pstate/no_turbo") == "0");
}

TEST_CASE("host: turbo off through cpufreq/boost, then restored", "[unit][host]") {
  FakeHost h;
  h.turbo = FakeHost::Turbo::boost;
  h.turbo_value = "1";
  Fixture f(h);
  {
    host::Session s(f.sys, settings(host::Toggle::keep, "", host::Toggle::off));
    s.apply();
    CHECK(f.fake.read(kCpu + "/cpufreq/boost") == "0");
  }
  CHECK(f.fake.read(kCpu + "/cpufreq/boost") == "1");
}

TEST_CASE("host: a setting already in place changes nothing and writes no journal",
          "[unit][host]") {
  FakeHost h;
  h.governor = "performance";
  h.smt_control = "off";
  Fixture f(h);
  host::Session s(f.sys, settings(host::Toggle::off, "performance"));
  CHECK(s.warnings().empty());
  CHECK(s.plan().changes.empty());
  s.apply();
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: keep everywhere (the default) changes nothing and writes no journal",
          "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  {
    host::Session s(f.sys, host::Settings{});
    s.apply();
    CHECK(s.before_instance().empty());
    CHECK_FALSE(fs::exists(f.journal()));
  }
  CHECK(f.fake.snapshot() == before);
}

TEST_CASE("host: 'notsupported' SMT and missing cpufreq and turbo are warnings, recorded",
          "[unit][host]") {
  // This machine: smt/control reads notsupported, no cpufreq, no turbo knob.
  FakeHost h;
  h.smt_control = "notsupported";
  h.cpufreq = false;
  h.turbo = FakeHost::Turbo::none;
  Fixture f(h);
  auto before = f.fake.snapshot();
  host::Session s(f.sys, settings(host::Toggle::off, "performance", host::Toggle::off));
  REQUIRE(s.warnings().size() == 3);
  CHECK(any_contains(s.warnings(), "smt: smt/control reads 'notsupported'"));
  CHECK(any_contains(s.warnings(),
                     "governor: /sys/devices/system/cpu/cpuN/cpufreq/scaling_governor is missing"));
  CHECK(any_contains(s.warnings(), "turbo: neither"));
  s.apply();
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
  auto d = s.describe();
  CHECK(d["warnings"].size() == 3);
  CHECK(d["smt"] == "notsupported");
  CHECK(d["governor"] == "unavailable");
  CHECK(d["turbo"] == "unavailable");
  CHECK(d["requested"]["smt"] == "off");
}

TEST_CASE("host: an unavailable governor, a read-only file and forceoff are warnings",
          "[unit][host]") {
  FakeHost h;
  h.smt_control = "forceoff";
  Fixture f(h);
  f.fake.make_read_only(kCpu + "/intel_pstate/no_turbo");
  host::Session s(f.sys, settings(host::Toggle::on, "schedutil", host::Toggle::off));
  CHECK(any_contains(s.warnings(), "governor: governor 'schedutil' is not available"));
  CHECK(
      any_contains(s.warnings(),
                   "turbo: cannot write /sys/devices/system/cpu/intel_pstate/no_turbo: read-only"));
  CHECK(any_contains(s.warnings(), "forceoff"));
  CHECK(s.plan().changes.empty());
}

TEST_CASE("host: --strict-host refuses with exit code 2 and nothing changed", "[unit][host]") {
  FakeHost h;
  h.cpufreq = false;
  Fixture f(h);
  auto before = f.fake.snapshot();
  // SMT and turbo could be applied; the governor cannot: nothing may change.
  auto s = settings(host::Toggle::off, "performance", host::Toggle::off);
  s.strict = true;
  try {
    host::Session session(f.sys, s);
    FAIL("expected --strict-host to refuse");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(std::string(e.what()), Contains("nothing was changed") && Contains("governor"));
  }
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: --strict-host with everything applicable applies it", "[unit][host]") {
  Fixture f;
  auto s = settings(host::Toggle::off, "performance", host::Toggle::off);
  s.strict = true;
  host::Session session(f.sys, s);
  session.apply();
  CHECK(f.fake.read(kControl) == "off");
}

TEST_CASE("host: a write failing during apply under --strict-host restores the rest",
          "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  auto s = settings(host::Toggle::off, "", host::Toggle::off);
  s.strict = true;
  host::Session session(f.sys, s);
  // After planning, no_turbo turns into a directory: its write fails.
  f.fake.remove(kCpu + "/intel_pstate/no_turbo");
  fs::create_directories(f.fake.at(kCpu + "/intel_pstate/no_turbo"));
  before.erase(kCpu + "/intel_pstate/no_turbo");
  try {
    session.apply();
    FAIL("expected the failed write to throw");
  } catch (const fcbench::UserError& e) {
    CHECK(e.exit_code == 2);
    CHECK_THAT(std::string(e.what()), Contains("original settings are back"));
  }
  CHECK(f.fake.read(kControl) == "on");
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: the journal holds the originals, the owner and the boot id", "[unit][host]") {
  Fixture f;
  host::Session s(f.sys, settings(host::Toggle::off, "performance"));
  s.apply();
  auto doc = nlohmann::json::parse(fcbench::read_file(f.journal()));
  CHECK(doc["pid"] == ::getpid());
  CHECK(doc["boot_id"] == FakeHost{}.boot_id);
  CHECK(doc["root"] == f.fake.root().string());
  REQUIRE(doc["changes"].size() == 3);  // control + governor on cpu0 and cpu1
  CHECK(doc["changes"][0]["path"] == kControl);
  CHECK(doc["changes"][0]["original"] == "on");
  CHECK(doc["changes"][0]["target"] == "off");
  CHECK(doc["changes"][1]["original"] == "powersave");
  // Nothing but the journal in the cache directory (no temporary left).
  CHECK(std::distance(fs::directory_iterator(f.journal().parent_path()), {}) == 1);
}

TEST_CASE("host: an exception unwinding past the session restores the host", "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  try {
    host::Session s(f.sys, settings(host::Toggle::off, "performance", host::Toggle::off));
    s.apply();
    REQUIRE(f.fake.read(kControl) == "off");
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: drop_caches writes 3 before each instance", "[unit][host]") {
  Fixture f;
  host::Settings s;
  s.drop_caches = true;
  host::Session session(f.sys, s);
  CHECK(session.warnings().empty());
  session.apply();
  CHECK_FALSE(fs::exists(f.journal()));  // nothing to restore
  CHECK(session.before_instance().empty());
  CHECK(f.fake.read("/proc/sys/vm/drop_caches") == "3");
}

TEST_CASE("host: drop_caches without the file is a warning", "[unit][host]") {
  Fixture f;
  f.fake.remove("/proc/sys/vm/drop_caches");
  host::Settings s;
  s.drop_caches = true;
  host::Session session(f.sys, s);
  REQUIRE(session.warnings().size() == 1);
  CHECK_THAT(session.warnings()[0], Contains("drop_caches") && Contains("missing"));
}

// Simulates a run killed after applying: changed tree plus its journal.
static void leave_crashed_run(Fixture& f, pid_t pid) {
  host::Journal j = host::journal_for(
      f.sys, {{"smt", kControl, "on", "off"}, {"governor", gov(0), "powersave", "performance"}});
  j.pid = pid;
  j.pid_start = 1;
  REQUIRE(host::create_journal(f.journal(), j));
  f.fake.write(kControl, "off");
  f.fake.write(gov(0), "performance");
}

TEST_CASE("host: a stale journal of a dead process is replayed and removed", "[unit][host]") {
  Fixture f;
  auto before = f.fake.snapshot();
  leave_crashed_run(f, dead_pid());
  auto msg = host::recover_stale(f.sys);
  REQUIRE(msg);
  CHECK_THAT(*msg, Contains("ended without restoring") && Contains("restored"));
  CHECK(f.fake.snapshot() == before);
  CHECK_FALSE(fs::exists(f.journal()));
  CHECK_FALSE(host::recover_stale(f.sys));  // nothing left
}

TEST_CASE("host: a journal from before a reboot is discarded, not replayed", "[unit][host]") {
  Fixture f;
  leave_crashed_run(f, dead_pid());
  f.fake.write("/proc/sys/kernel/random/boot_id", "another-boot");
  auto msg = host::recover_stale(f.sys);
  REQUIRE(msg);
  CHECK_THAT(*msg, Contains("reboot"));
  CHECK_FALSE(fs::exists(f.journal()));
  CHECK(f.fake.read(kControl) == "off");  // a real reboot would have reset it
}

TEST_CASE("host: a live process's journal is left alone, and blocks a second run", "[unit][host]") {
  Fixture f;
  host::Journal j = host::journal_for(f.sys, {{"smt", kControl, "on", "off"}});  // this process
  REQUIRE(host::create_journal(f.journal(), j));
  f.fake.write(kControl, "off");
  CHECK_FALSE(host::recover_stale(f.sys));
  CHECK(fs::exists(f.journal()));
  CHECK(host::restore_from_journal(f.sys).owner_alive);
  // A second session on the same root changes nothing, with a warning...
  host::Session s(f.sys, settings(host::Toggle::on));
  CHECK(any_contains(s.warnings(), "another fcbench"));
  CHECK(s.plan().changes.empty());
  // ...or refuses under --strict-host.
  auto strict = settings(host::Toggle::on);
  strict.strict = true;
  CHECK_THROWS_AS(host::Session(f.sys, strict), fcbench::UserError);
  // --force restores anyway.
  auto r = host::restore_from_journal(f.sys, true);
  CHECK(r.restored.size() == 1);
  CHECK(f.fake.read(kControl) == "on");
  CHECK_FALSE(fs::exists(f.journal()));
}

TEST_CASE("host: a journal that cannot be parsed is reported, not acted on", "[unit][host]") {
  Fixture f;
  fs::create_directories(f.journal().parent_path());
  fcbench::write_file(f.journal(), "{not json");
  auto msg = host::recover_stale(f.sys);
  REQUIRE(msg);
  CHECK_THAT(*msg, Contains("cannot be read"));
  CHECK(fs::exists(f.journal()));
}

TEST_CASE("host: the real host and a fake root keep separate journals", "[unit][host]") {
  Fixture f;
  CHECK(host::journal_path(host::Sysfs("/")).filename() == "host-journal.json");
  CHECK(host::journal_path(f.sys).filename() != "host-journal.json");
  CHECK(host::journal_path(f.sys).parent_path() == f.tmp.path() / "cache");
}

TEST_CASE("host: the fingerprint reads CPU, topology, kernel and KVM through the root",
          "[unit][host]") {
  Fixture f;
  auto fp = host::host_fingerprint(f.sys);
  CHECK(fp["cpu_model"] == "Fake CPU @ 2.00GHz");
  CHECK(fp["cpu_threads"] == 4);
  CHECK(fp["cpu_cores"] == 2);
  CHECK(fp["cpu_packages"] == 1);
  CHECK(fp["numa_nodes"] == 1);
  CHECK(fp["host_kernel"] == "6.1.0-fake-amd64");
  CHECK(fp["host_cmdline"] == "BOOT_IMAGE=/vmlinuz root=/dev/fake ro quiet");
  CHECK(fp["kvm_parameters"]["kvm"]["halt_poll_ns"] == "200000");
}

// The CLI, against the fake tree: `host status`, `host restore`, and crash
// recovery at the start of any command.
namespace {
fcbench::RunResult fcbench_cmd(std::vector<std::string> args) {
  args.insert(args.begin(), FCBENCH_BINARY);
  return fcbench::run_command(args, std::chrono::minutes(2));
}
}  // namespace

TEST_CASE("host: `fcbench host status` shows the settings and a pending journal", "[unit][host]") {
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

TEST_CASE("host: any fcbench command restores a crashed run's settings", "[unit][host]") {
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

TEST_CASE("host: `fcbench host restore --force` restores a live owner's journal", "[unit][host]") {
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
          "[unit][host]") {
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

TEST_CASE("host: bad host flag values are usage errors", "[unit][host]") {
  TempDir tmp;
  auto suite = tmp.path() / "suite.yaml";
  std::ofstream(suite) << "benchmarks:\n  - plugin: boot\n";
  auto r = fcbench_cmd({"run", suite.string(), "--smt", "maybe"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--smt must be on, off or keep"));
  r = fcbench_cmd({"run", suite.string(), "--governor", "no such"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Contains("--governor"));
}
