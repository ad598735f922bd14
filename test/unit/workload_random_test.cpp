// workload/random: the portable random source behind workload generation.
#include <catch2/catch.hpp>
#include <cstdint>

#include "workload/random.hpp"

TEST_CASE("workload: the random source is portable and unbiased at the edges", "[unit][workload]") {
  fcbench::workload::Random a(5, 1), b(5, 1), c(5, 2);
  CHECK(a.next() == b.next());
  CHECK(a.next() != c.next());
  for (int i = 0; i < 1000; ++i) {
    double u = a.uniform01();
    CHECK((u >= 0 && u < 1));
    int64_t k = a.uniform_int(-2, 2);
    CHECK((k >= -2 && k <= 2));
  }
  CHECK(a.uniform_int(INT64_MIN, INT64_MAX) != a.uniform_int(INT64_MIN, INT64_MAX));
  CHECK(a.uniform_int(7, 7) == 7);
  CHECK(fcbench::workload::fresh_seed() < (uint64_t(1) << 53));
}
