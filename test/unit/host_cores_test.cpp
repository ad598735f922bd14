// host/cores: the core allocator behind --pin, and which cores it gets.
#include <catch2/catch.hpp>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "host/cores.hpp"
#include "util/error.hpp"

using fcbench::host::choose_pin_cores;
namespace host = fcbench::host;

TEST_CASE("pinning: 2 cores and 1 vCPU give the vCPU one core and the VMM the other",
          "[unit][host][pin]") {
  host::CoreAllocator a({2, 5});
  auto g = a.allocate(1);
  CHECK(g.vcpus == std::map<int, int>{{0, 2}});
  CHECK(g.vmm_threads == 5);
  CHECK_FALSE(g.shared);
}

TEST_CASE("pinning: the allocator hands out disjoint cores, then shares and says so",
          "[unit][host][pin]") {
  host::CoreAllocator a({0, 1, 2, 3, 4, 5});
  auto g1 = a.allocate(2);  // 0, 1 + 2
  auto g2 = a.allocate(2);  // 3, 4 + 5
  CHECK(g1.vcpus == std::map<int, int>{{0, 0}, {1, 1}});
  CHECK(g1.vmm_threads == 2);
  CHECK(g2.vcpus == std::map<int, int>{{0, 3}, {1, 4}});
  CHECK(g2.vmm_threads == 5);
  CHECK_FALSE(g1.shared);
  CHECK_FALSE(g2.shared);
  auto g3 = a.allocate(1);  // nothing free: shares
  CHECK(g3.shared);
  a.release(g3);
  a.release(g1);  // 0-2 free again
  auto g4 = a.allocate(1);
  CHECK(g4.vcpus == std::map<int, int>{{0, 0}});
  CHECK(g4.vmm_threads == 1);
  CHECK_FALSE(g4.shared);
  a.release(g4);
  a.release(g2);
  a.release(g2);  // a second release changes nothing
  auto g5 = a.allocate(5);
  CHECK_FALSE(g5.shared);
}

TEST_CASE("pinning: more threads than cores share within one grant", "[unit][host][pin]") {
  host::CoreAllocator one({7});
  auto g = one.allocate(1);
  CHECK(g.vcpus.at(0) == 7);
  CHECK(g.vmm_threads == 7);
  CHECK(g.shared);
  host::CoreAllocator two({0, 1});
  auto g2 = two.allocate(3);  // 0, 1, 0 + 1
  CHECK(g2.vcpus == std::map<int, int>{{0, 0}, {1, 1}, {2, 0}});
  CHECK(g2.vmm_threads == 1);
  CHECK(g2.shared);
  CHECK_THROWS_AS(host::CoreAllocator({}), std::invalid_argument);
}

TEST_CASE("pinning: the allocator is safe from several threads", "[unit][host][pin]") {
  host::CoreAllocator a({0, 1, 2, 3, 4, 5, 6, 7});
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      for (int k = 0; k < 1000; ++k) a.release(a.allocate(1));
    });
  for (auto& t : ts) t.join();
  auto g = a.allocate(7);  // all released: nothing shared
  CHECK_FALSE(g.shared);
}

TEST_CASE("pin cores: all usable ones without --cpuset", "[unit][cores]") {
  auto p = choose_pin_cores({0, 1, 2, 3}, "", false);
  CHECK(p.cores == std::set<int>{0, 1, 2, 3});
  CHECK(p.warning.empty());
}

TEST_CASE("pin cores: --cpuset within the usable ones", "[unit][cores]") {
  auto p = choose_pin_cores({0, 1, 2, 3}, "1-2", false);
  CHECK(p.cores == std::set<int>{1, 2});
  CHECK(p.warning.empty());
  p = choose_pin_cores({0, 1}, "1-3", false);
  CHECK(p.cores == std::set<int>{1});
  CHECK(p.warning == "cpuset: CPU(s) 2-3 not usable here (usable: 0-1); pinning to 1");
}

TEST_CASE("pin cores: refusals", "[unit][cores]") {
  CHECK_THROWS_AS(choose_pin_cores({}, "", false), fcbench::UserError);
  CHECK_THROWS_WITH(choose_pin_cores({0, 1}, "4-5", false),
                    "--cpuset 4-5: none of these CPUs is usable here (usable: 0-1)");
  CHECK_THROWS_WITH(choose_pin_cores({0, 1}, "1-3", true),
                    Catch::Matchers::StartsWith("host setting cannot be applied: cpuset:"));
}
