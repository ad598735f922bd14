// util/clock: UTC ISO 8601 to Unix nanoseconds.
#include <catch2/catch.hpp>

#include "util/clock.hpp"
#include "history_support.hpp"

using fcbench::parse_utc_iso_ns;

TEST_CASE("clock: UTC ISO 8601 to Unix ns", "[unit][util]") {
  CHECK(parse_utc_iso_ns("1970-01-01T00:00:00Z") == 0);
  // date -u -d 2026-11-25T20:50:01Z +%s → 1795639801
  CHECK(parse_utc_iso_ns("2026-11-25T20:50:01Z") == 1795639801LL * 1'000'000'000);
  CHECK(parse_utc_iso_ns("2026-11-25T20:50:01.123Z") == 1795639801123000000LL);
  CHECK(parse_utc_iso_ns("2026-11-25T20:50:01.123456789+00:00") == 1795639801123456789LL);
  CHECK(parse_utc_iso_ns("2024-02-29T23:59:59.5Z") == 1709251199500000000LL);
}

TEST_CASE("clock: a time that is not UTC ISO 8601 is a clear exit-2 error", "[unit][util]") {
  for (const char* bad :
       {"", "2026-11-25", "2026-11-25 20:50:01Z", "2026-11-25T20:50:01",
        "2026-11-25T20:50:01+01:00", "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T20:50:01.Z", "2026-11-25T20:50:01.1234567890Z", "2026-1x-25T20:50:01Z"}) {
    INFO(bad);
    auto msg = fcbench::test::user_error([&] { parse_utc_iso_ns(bad); });
    CHECK_THAT(msg, Catch::Contains(std::string("'") + bad + "'"));
  }
}
