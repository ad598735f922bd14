// host/cgroup_layout: v2, v1 or none, found in a fake tree (FakeCgroups).
#include <catch2/catch.hpp>

#include "../fixtures/fake_cgroups.hpp"
#include "../fixtures/test_support.hpp"
#include "host/cgroup_layout.hpp"

using Catch::Matchers::Contains;
using fcbench::host::CgroupVersion;
using fcbench::host::detect_cgroups;
using fcbench::host::parse_proc_cgroup;
using fcbench::test::FakeCgroups;

TEST_CASE("cgroup layout: /proc/self/cgroup gives each controller its group",
          "[unit][host][cgroup]") {
  auto m = parse_proc_cgroup("9:name=systemd:/\n4:memory:/a/b\n2:cpu,cpuacct:/c\n0::/d\n\nbad\n");
  CHECK(m.at("memory") == "/a/b");
  CHECK(m.at("cpu") == "/c");
  CHECK(m.at("cpuacct") == "/c");
  CHECK(m.at("") == "/d");
  CHECK(m.at("name=systemd") == "/");
  CHECK(m.size() == 5);
}

TEST_CASE("cgroup layout: a hybrid host with an empty v2 mount uses v1", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  auto l = detect_cgroups(fake.root(), fake.self_cgroup());
  CHECK(l.version == CgroupVersion::v1);
  CHECK(l.describe() == "v1");
  CHECK(l.parents.at("memory") == fake.parent("memory"));
  CHECK(l.parents.at("cpuset") == fake.parent("cpuset"));
  CHECK(l.parents.at("cpuacct") == fake.parent("cpuacct"));
}

TEST_CASE("cgroup layout: v2 with the memory controller is preferred", "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v2);
  auto l = detect_cgroups(fake.root(), fake.self_cgroup());
  CHECK(l.version == CgroupVersion::v2);
  CHECK(l.describe() == "v2");
  CHECK(l.parents.size() == 1);
  CHECK(l.parents.at("") == fake.parent(""));
}

TEST_CASE("cgroup layout: v2 without memory for our group, and no v1, is unavailable",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v2);
  fake.write("ci/job/cgroup.controllers", "cpu pids");
  auto l = detect_cgroups(fake.root(), fake.self_cgroup());
  CHECK(l.version == CgroupVersion::none);
  CHECK_THAT(l.describe(), Contains("unavailable: cgroup v2 offers no memory controller to") &&
                               Contains("no cgroup v1 memory hierarchy"));
}

TEST_CASE("cgroup layout: no controllers, or no cgroup tree, is unavailable with the reason",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path() / "cg", FakeCgroups::Kind::none);
  auto l = detect_cgroups(fake.root(), fake.self_cgroup());
  CHECK(l.version == CgroupVersion::none);
  CHECK(l.parents.empty());
  CHECK_THAT(l.describe(), Contains("no memory controller") && Contains("no cgroup v1 memory"));
  auto missing = detect_cgroups(t.path() / "nowhere", "0::/\n");
  CHECK(missing.version == CgroupVersion::none);
  CHECK_THAT(missing.describe(), Contains("nowhere is missing"));
}

TEST_CASE("cgroup layout: our v1 group missing from the tree is unavailable",
          "[unit][host][cgroup]") {
  fcbench::test::TempDir t;
  FakeCgroups fake(t.path(), FakeCgroups::Kind::v1);
  auto l = detect_cgroups(fake.root(), "4:memory:/elsewhere\n0::/\n");
  CHECK(l.version == CgroupVersion::none);
  CHECK_THAT(l.reason, Contains("elsewhere is missing"));
}

TEST_CASE("cgroup layout: FCBENCH_CGROUP_ROOT moves the root", "[unit][host][cgroup]") {
  {
    fcbench::test::ScopedEnv e("FCBENCH_CGROUP_ROOT", nullptr);
    CHECK(fcbench::host::cgroup_root_from_env() == "/sys/fs/cgroup");
  }
  fcbench::test::ScopedEnv e("FCBENCH_CGROUP_ROOT", "/tmp/x/../y");
  CHECK(fcbench::host::cgroup_root_from_env() == "/tmp/y");
}
