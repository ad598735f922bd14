// host/sysfs: host paths under a root (FCBENCH_SYSFS_ROOT), reads, writes,
// and CPU lists.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "../fixtures/host_fixture.hpp"
#include "host/sysfs.hpp"
#include "util/fs.hpp"

using fcbench::test::FakeSysfs;
using fcbench::test::kControl;
using fcbench::test::ScopedEnv;
using fcbench::test::TempDir;
namespace host = fcbench::host;

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
