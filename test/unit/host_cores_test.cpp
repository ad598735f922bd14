// host/cores: which cores --pin hands out (--cpuset within this process's
// affinity).
#include <catch2/catch.hpp>

#include "host/cores.hpp"
#include "util/error.hpp"

using fcbench::host::choose_pin_cores;

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
