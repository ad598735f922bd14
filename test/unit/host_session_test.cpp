// host/session: SMT, governor, turbo and drop_caches against a fake sysfs
// tree; warnings, --strict-host, and crash recovery from the journal.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "../fixtures/host_fixture.hpp"
#include "host/journal.hpp"
#include "host/session.hpp"
#include "host/settings.hpp"
#include "host/sysfs.hpp"
#include "host/tuner.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using Catch::Matchers::Contains;
using fcbench::test::FakeHost;
namespace host = fcbench::host;
namespace fs = std::filesystem;

using Fixture = fcbench::test::HostFixture;
using fcbench::test::any_contains;
using fcbench::test::dead_pid;
using fcbench::test::gov;
using fcbench::test::kControl;
using fcbench::test::kCpu;
using fcbench::test::leave_crashed_run;
using fcbench::test::online;
using fcbench::test::settings;

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
