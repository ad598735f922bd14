// run/scheduler: the concurrency cap's decision.
#include <catch2/catch.hpp>

#include "run/scheduler.hpp"

using fcbench::run::has_free_slot;

TEST_CASE("the cap admits up to max_concurrent instances, no more", "[unit][scheduler]") {
  CHECK(has_free_slot(0, 1));
  CHECK_FALSE(has_free_slot(1, 1));
  CHECK(has_free_slot(1, 2));
  CHECK_FALSE(has_free_slot(2, 2));
  CHECK_FALSE(has_free_slot(3, 2));
  CHECK(has_free_slot(0, 0));  // 0: no cap
  CHECK(has_free_slot(100000, 0));
}
