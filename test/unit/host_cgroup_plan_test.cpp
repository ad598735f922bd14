// host/cgroup_plan: names, limits and control-file parsing, without a tree.
#include <catch2/catch.hpp>

#include "host/cgroup_plan.hpp"

using namespace fcbench::host;

TEST_CASE("cgroup plan: the memory limit is guest RAM plus the allowance", "[unit][host][cgroup]") {
  auto native = decide_cgroup_limits(128, false, "none", {});
  CHECK(native.memory_bytes == uint64_t(128 + kNativeAllowanceMib) << 20);
  CHECK(native.allowance_mib == 64);
  CHECK(native.cpus.empty());
  auto kvm = decide_cgroup_limits(256, true, "kvm", {});
  CHECK(kvm.memory_bytes == uint64_t(256 + 256) << 20);
  auto tcg = decide_cgroup_limits(256, true, "tcg", {});
  CHECK(tcg.memory_bytes == uint64_t(256 + 512) << 20);
  CHECK(tcg.allowance_mib == kTcgAllowanceMib);
  // No overflow for the largest guest.
  CHECK(decide_cgroup_limits(UINT32_MAX, true, "kvm", {}).memory_bytes ==
        (uint64_t(UINT32_MAX) + 256) << 20);
}

TEST_CASE("cgroup plan: with --pin the group gets the pinned cores", "[unit][host][cgroup]") {
  CHECK(decide_cgroup_limits(64, true, "kvm", {2, 3, 5}).cpus == "2-3,5");
}

TEST_CASE("cgroup plan: names carry the owner and a lossless or hashed slug",
          "[unit][host][cgroup]") {
  CHECK(cgroup_name(42, "0001-prime-r1") == "fcbench-42-0001-prime-r1");
  const auto spaced = cgroup_name(42, "a b"), underscored = cgroup_name(42, "a_b");
  CHECK(spaced != underscored);  // a changed id keeps a hash of itself
  CHECK(spaced.rfind("fcbench-42-a_b-", 0) == 0);
  for (auto id : {std::string("../x"), std::string("."), std::string(""), std::string(300, 'q'),
                  std::string("a/b\nc")}) {
    const auto n = cgroup_name(7, id);
    CHECK(n.size() <= 100);
    CHECK(
        n.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
        std::string::npos);
    CHECK(cgroup_owner(n) == 7);
  }
}

TEST_CASE("cgroup plan: only fcbench's names give an owner", "[unit][host][cgroup]") {
  CHECK(cgroup_owner("fcbench-123-x") == 123);
  CHECK(cgroup_owner("fcbench-123-a-b") == 123);
  CHECK_FALSE(cgroup_owner("fcbench-123-"));
  CHECK_FALSE(cgroup_owner("fcbench-x-1"));
  CHECK_FALSE(cgroup_owner("fcbench-0-1"));
  CHECK_FALSE(cgroup_owner("system.slice"));
  CHECK_FALSE(cgroup_owner("fcbench-"));
}

TEST_CASE("cgroup plan: control files are read by key or as one number", "[unit][host][cgroup]") {
  const std::string stat = "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n";
  CHECK(keyed_value(stat, "usage_usec") == 1500u);
  CHECK(keyed_value(stat, "system_usec") == 500u);
  CHECK_FALSE(keyed_value(stat, "nr_periods"));
  CHECK(keyed_value("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "oom_kill") == 2u);
  CHECK(keyed_value("low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\noom_group_kill 0\n", "oom_kill") ==
        1u);
  CHECK(single_value("268435456\n") == 268435456u);
  CHECK_FALSE(single_value(""));
  CHECK_FALSE(single_value("max\n"));
  CHECK(list_has("cpuset cpu memory", "memory"));
  CHECK_FALSE(list_has("cpuset cpu", "memory"));
  CHECK_FALSE(list_has("memoryx", "memory"));
}
